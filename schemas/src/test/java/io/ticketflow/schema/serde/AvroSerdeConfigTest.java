package io.ticketflow.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AvroSerdeConfigTest {

  /**
   * The Connect converters and the CLI's clients build their registry client from these settings:
   * a URL whose password does not parse as credentials (an unencoded '/' or a space) was refused
   * showing it whole, once as the value and once in URI's own message, which quotes its input.
   */
  @ParameterizedTest
  @ValueSource(strings = {"http://u:s3/cret@registry:8081", "http://u:s3 cret@registry:8081",
      "http://u:s3@cret@registry:8081", "http://u:s3/c ret@registry:8081"})
  void aRefusedUrlDoesNotShowItsPassword(String url) {
    assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url)).createClient())
        .isInstanceOf(ConfigException.class).hasMessageNotContaining("cret").hasMessageNotContaining("c ret");
  }

  @Test
  void aUrlWithoutCredentialsIsShownAsItIs() {
    assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "registry:8081"))
        .createClient()).isInstanceOf(ConfigException.class).hasMessageContaining("registry:8081");
    assertThat(AvroSerdeConfig.redacted("http://a:8081,http://u:p@b:8081/x@y")).isEqualTo("http://a:8081,http://***@b:8081/x@y");
  }
}
