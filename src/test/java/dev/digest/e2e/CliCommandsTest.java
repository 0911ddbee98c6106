package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small commands, through the real command line: their output contracts and exit codes. */
class CliCommandsTest {

  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void condenseTheSampleArticleGivesExactlyItsOwnBullets() throws Exception {
    Path sample = dir.resolve("sample-article.txt");
    try (java.io.InputStream in =
        CliCommandsTest.class.getResourceAsStream("/dev/digest/sample-article.txt")) {
      Files.copy(in, sample);
    }
    Cli.Result r = Cli.run("condense", sample.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().count()).isEqualTo(1);
    JsonNode o = JSON.readTree(r.out());
    assertThat(o.get("method").asText()).isEqualTo("sections");
    assertThat(o.get("quickSummary")).hasSize(3);
    assertThat(o.get("takeaways")).hasSize(5);
    assertThat(o.get("quickSummary").get(0).asText())
        .isEqualTo(
            "The Harbour City library network is replacing its proprietary catalogue with an"
                + " open-source system across all 14 branches by next spring.");
    assertThat(o.get("takeaways").get(4).asText())
        .isEqualTo("Other networks may follow if the switch goes smoothly.");
  }

  @Test
  void condenseManyArgumentsPrintsOneLineEachInOrderAndReportsBadOnes() throws Exception {
    Path a = dir.resolve("a.txt");
    Files.writeString(
        a,
        "Title A\nTL;DR\n- First point of A.\n- Second point of A.\nBody text follows here. It has sentences.\n");
    Path b = dir.resolve("b.html");
    Files.writeString(
        b,
        "<html><head><title>B page</title></head><body><p>The bridge reopened on Monday after repairs. Traffic returned to normal by noon. The city thanked residents for their patience.</p></body></html>");
    Cli.Result r =
        Cli.run(
            "condense",
            a.toString(),
            dir.resolve("missing.txt").toString(),
            b.toString(),
            "--json");
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(JSON.readTree(lines[0]).get("source").asText()).isEqualTo(a.toString());
    assertThat(JSON.readTree(lines[0]).get("quickSummary").get(0).asText())
        .isEqualTo("First point of A.");
    assertThat(JSON.readTree(lines[1]).has("error")).isTrue();
    assertThat(JSON.readTree(lines[2]).get("title").asText()).isEqualTo("B page");
    assertThat(JSON.readTree(lines[2]).get("method").asText()).isEqualTo("extractive");
    assertThat(r.code()).isZero();
  }

  @Test
  void condenseWithLlmAsksTheConfiguredModelOnceAndCachesItsReply() throws Exception {
    com.sun.net.httpserver.HttpServer model =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    model.createContext(
        "/v1/chat/completions",
        exchange -> {
          calls.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          String content =
              "{\"quickSummary\": [\"The bridge is open again.\"], \"takeaways\": [\"Traffic is normal.\"]}";
          byte[] body =
              JSON.writeValueAsBytes(
                  java.util.Map.of(
                      "choices",
                      java.util.List.of(
                          java.util.Map.of(
                              "message",
                              java.util.Map.of("role", "assistant", "content", content)))));
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    model.start();
    try {
      Path config = dir.resolve("feeds.yml");
      Files.writeString(
          config,
          """
          database: { url: "jdbc:h2:file:./data/digest" }
          condense: { mode: llm, endpoint: "http://127.0.0.1:%d/v1", model: m, timeout: 5s }
          feeds: [ { url: "http://127.0.0.1:9/feed.xml" } ]
          """
              .formatted(model.getAddress().getPort()));
      Path b = dir.resolve("b.html");
      Files.writeString(
          b,
          "<html><head><title>B page</title></head><body><p>The bridge reopened on Monday after repairs. Traffic returned to normal by noon. The city thanked residents for their patience.</p></body></html>");

      for (int i = 0; i < 2; i++) {
        Cli.Result r =
            Cli.run("condense", "--llm", "--config", config.toString(), "--json", b.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("method").asText()).isEqualTo("llm");
        assertThat(o.get("quickSummary").get(0).asText()).isEqualTo("The bridge is open again.");
      }
      assertThat(calls.get()).as("the second run is served from the cache").isEqualTo(1);

      Files.writeString(config, "feeds: [ { url: \"http://127.0.0.1:9/feed.xml\" } ]\n");
      Cli.Result offline =
          Cli.run("condense", "--llm", "--config", config.toString(), b.toString());
      assertThat(offline.code()).isEqualTo(2);
      assertThat(offline.err()).contains("--llm needs condense.mode: llm");
    } finally {
      model.stop(0);
    }
  }

  @Test
  void feedsShowJsonGivesOneObjectPerArgumentAndAOneLineErrorForABrokenFeed() throws Exception {
    try (FeedServer feeds = new FeedServer()) {
      feeds.put("/news.rss", "application/rss+xml", Fixtures.rss(feeds.url("")));
      feeds.put("/broken.xml", "application/rss+xml", "<rss><channel><item><title>cut");
      Cli.Result r =
          Cli.run(
              "feeds",
              "show",
              feeds.url("/news.rss"),
              feeds.url("/broken.xml"),
              feeds.url("/none.xml"),
              "--json");
      String[] lines = r.out().strip().split("\n");
      assertThat(lines).hasSize(3);
      JsonNode ok = JSON.readTree(lines[0]);
      assertThat(ok.get("ok").asBoolean()).isTrue();
      assertThat(ok.get("format").asText()).isEqualTo("rss-2.0");
      assertThat(ok.get("items").get(0).get("title").asText())
          .isEqualTo("Ferry timetable changes for winter");
      assertThat(ok.get("items").get(0).get("link").asText()).isEqualTo(feeds.url("/news/ferry"));
      assertThat(ok.get("items").get(0).get("words").asInt()).isGreaterThan(50);
      for (int i = 1; i < 3; i++) {
        JsonNode bad = JSON.readTree(lines[i]);
        assertThat(bad.get("ok").asBoolean()).isFalse();
        assertThat(bad.get("error").asText())
            .isNotBlank()
            .doesNotContain("\n")
            .doesNotContain("Exception:");
      }
      assertThat(r.code()).isZero();
    }
  }

  @Test
  void subscribersAddListRemove() throws Exception {
    Path config = dir.resolve("feeds.yml");
    Files.writeString(
        config,
        "digest:\n  templates: "
            + Path.of("templates").toAbsolutePath()
            + "\nmail:\n  smtp: { host: 127.0.0.1, port: 9, security: none }\nfeeds:\n  - url: http://127.0.0.1:9/x.xml\n");
    assertThat(
            Cli.run("subscribers", "add", "Ann@Example.net", "--config", config.toString()).code())
        .isZero();
    Cli.Result bad = Cli.run("subscribers", "add", "not an address", "--config", config.toString());
    assertThat(bad.code()).isEqualTo(2);
    Cli.Result list = Cli.run("subscribers", "list", "--config", config.toString());
    assertThat(list.out()).contains("Ann@example.net\tactive");
    assertThat(
            Cli.run("subscribers", "remove", "ann@example.net", "--config", config.toString())
                .code())
        .isZero();
    assertThat(
            Cli.run("subscribers", "list", "--status", "active", "--config", config.toString())
                .out())
        .doesNotContain("Ann@");
    assertThat(
            Cli.run("subscribers", "list", "--status", "nonsense", "--config", config.toString())
                .code())
        .isEqualTo(2);
  }
}
