package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.match.ScriptDetector.Script;
import org.junit.jupiter.api.Test;

class ScriptDetectorTest {

  @Test
  void chineseIsHanAndEnglishIsLatin() {
    assertThat(ScriptDetector.detect("退款多久到账")).isEqualTo(Script.HAN);
    assertThat(ScriptDetector.detect("how long does a refund take")).isEqualTo(Script.LATIN);
    assertThat(ScriptDetector.detect("請問怎麼退款")).isEqualTo(Script.HAN);
  }

  @Test
  void mixedTextGoesToTheScriptWithMoreWeight() {
    assertThat(ScriptDetector.detect("我的iPhone无法开机")).isEqualTo(Script.HAN);
    assertThat(ScriptDetector.detect("how do I say 你好 in english please")).isEqualTo(Script.LATIN);
  }

  @Test
  void textWithoutLettersCountsAsLatin() {
    assertThat(ScriptDetector.detect("12345")).isEqualTo(Script.LATIN);
    assertThat(ScriptDetector.detect(null)).isEqualTo(Script.LATIN);
    assertThat(Script.HAN.language()).isEqualTo("zh");
  }

  @Test
  void anyChineseSendsATextToTheChineseEmbeddingSpace() {
    assertThat(ScriptDetector.embeddingSpace("播放 Gary Lee Conner")).isEqualTo(Script.HAN);
    assertThat(ScriptDetector.detect("播放 Gary Lee Conner")).isEqualTo(Script.LATIN);
    assertThat(ScriptDetector.embeddingSpace("how do I say 你好 in english please")).isEqualTo(Script.HAN);
    assertThat(ScriptDetector.embeddingSpace("how long does a refund take")).isEqualTo(Script.LATIN);
    assertThat(ScriptDetector.embeddingSpace(null)).isEqualTo(Script.LATIN);
  }
}
