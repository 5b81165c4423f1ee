package io.ticketflow.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The demo end to end, as {@code ticketflow demo --once} runs it (own broker, registry, Connect
 * worker, embedded PostgreSQL, processor, console; free ports, no LLM key), then the web console
 * driven by headless Chromium against the same running demo.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  static Demo demo;
  static Demo.Result result;
  static final ByteArrayOutputStream output = new ByteArrayOutputStream();

  @BeforeAll
  static void runDemo() throws InterruptedException {
    DemoOptions opts = new DemoOptions(true, null, null, null, 0, 0, 0, 0, 0, Map.of(), Duration.ofSeconds(60),
        new PrintStream(output, true, StandardCharsets.UTF_8));
    demo = new Demo(opts);
    result = demo.run();
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  @Order(1)
  void everySampleHasItsOutcomeOnTheTopicsAndItsRowsInTheDatabase() {
    String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(result.missing()).as(printed).isEmpty();
    assertThat(printed)
        .contains("LLM answering is off")
        .containsPattern("matcher warmed up with [1-9]\\d* matches")
        .contains("→ FAQ").contains("→ ESCALATED").contains("→ DUPLICATE").contains("→ REJECTED").contains("→ DEAD_LETTER")
        .contains("HUMAN_REQUESTED").contains("GUARD_BLOCKED")
        .contains("My phone is [PHONE]").contains("[ID_NUMBER]")
        .contains("Verified: every sample inquiry")
        .containsPattern("Feedback sent: #\\d+ \\([^)]+\\) helpful, #\\d+ \\([^)]+\\) not helpful")
        .contains("feedback: 2 rows");
    assertThat(result.firstReplyMillis()).isPositive();
  }

  @Test
  @Order(2)
  void opsServerServesMetricsAndHealth() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(result.consoleUrl() + "metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("ticketflow_inquiries_routed_total{route=\"FAQ\"}").contains("kafka_stream_");
    // The two ratings the demo sent are joined with their inquiries' audit records.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.send(
        HttpRequest.newBuilder(URI.create(result.consoleUrl() + "metrics")).build(), HttpResponse.BodyHandlers.ofString())
        .body()).containsPattern("ticketflow_feedback_total\\{result=\"joined\"\\} 2(\\.0)?\\b"));
    // The sinks are watched at the worker's own address: with --connect-port 0 (as here) the demo
    // used to ask port 0, and no sink's lag was ever measured.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.send(
        HttpRequest.newBuilder(URI.create(result.consoleUrl() + "metrics")).build(), HttpResponse.BodyHandlers.ofString())
        .body()).contains("ticketflow_sink_lag_records{connector=\"ticketflow-sink-audit\"}"));
    HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(result.consoleUrl() + "health/ready")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("\"status\":\"UP\"");
  }

  /**
   * The feedback statistics are queryable from the processor's state stores: the demo's two
   * ratings of FAQ replies (one helpful, one not) and its escalated questions.
   */
  @Test
  @Order(2)
  void faqStatisticsAreQueryable() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.function.Function<String, com.fasterxml.jackson.databind.JsonNode> get = path -> {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(result.consoleUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    };
    java.util.List<String> tenants = new java.util.ArrayList<>();
    get.apply("api/tenants").forEach(t -> tenants.add(t.asText()));
    assertThat(tenants).isNotEmpty();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      long helpful = 0;
      long unhelpful = 0;
      long questions = 0;
      for (String tenant : tenants) {
        com.fasterxml.jackson.databind.JsonNode stats = get.apply("api/faq-stats?tenant="
            + java.net.URLEncoder.encode(tenant, StandardCharsets.UTF_8));
        assertThat(stats.path("tenant").asText()).isEqualTo(tenant);
        for (com.fasterxml.jackson.databind.JsonNode faq : stats.path("faqs")) {
          assertThat(faq.path("faqId").asText()).isNotBlank();
          helpful += faq.path("helpful").asLong();
          unhelpful += faq.path("unhelpful").asLong();
        }
        for (com.fasterxml.jackson.databind.JsonNode q : stats.path("unansweredQuestions")) {
          assertThat(q.path("question").asText()).isNotBlank();
          questions += q.path("count").asLong();
        }
      }
      assertThat(helpful).as("helpful ratings").isEqualTo(1);
      assertThat(unhelpful).as("unhelpful ratings").isEqualTo(1);
      assertThat(questions).as("escalated questions counted").isPositive();
    });
  }

  @Test
  @Order(2)
  void askPublishesAnInquiryAndPrintsItsReply() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = io.ticketflow.cli.TicketflowCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("ask", "where is my order", "--tenant", "shop",
        "--bootstrap-servers", demo.bootstrapServers(), "--schema-registry-url", demo.schemaRegistryUrl(),
        "--timeout", "30");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("FAQ reply (order-status, confidence 1.00):").contains("My Account > Orders");
  }

  @Test
  @Order(3)
  void consoleAnswersAQuestionAndItsFeedUpdates() throws IOException {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "headless Chromium not installed (apt-get install chromium chromium-driver): browser test skipped");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
    // An explicit driver: Selenium Manager never looks for (or downloads) one.
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    WebDriver browser = new ChromeDriver(service, options);
    try {
      browser.get(result.consoleUrl());
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      wait.until(ExpectedConditions.textToBe(By.id("conn"), "live"));
      int rowsBefore = wait.until(d -> {
        int n = d.findElements(By.cssSelector("#feed-rows tr")).size();
        return n > 0 ? n : null; // the sample traffic is replayed into the feed
      });
      new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("tenant"))).selectByValue("bank");
      browser.findElement(By.id("question")).sendKeys("我的银行卡丢了怎么办？".replace("我的", ""));
      browser.findElement(By.id("ask")).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("answer"), "95588"));
      assertThat(browser.findElement(By.id("answer")).getText()).startsWith("Reply (FAQ card-lost-zh");
      wait.until(d -> d.findElements(By.cssSelector("#feed-rows tr")).size() > rowsBefore);
      assertThat(browser.findElement(By.cssSelector("#feed-rows tr")).getText()).contains("bank").contains("FAQ");
      wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("routes"), "–")));
      Path shot = Path.of("target", "console.png");
      Files.createDirectories(shot.getParent());
      Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
      assertThat(shot).isNotEmptyFile();
    } finally {
      browser.quit();
    }
  }
}
