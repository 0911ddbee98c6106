package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.app.DigestApp;
import dev.digest.config.ConfigLoader;
import dev.digest.web.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedded defaults: no SMTP host, so mail goes over real SMTP to the embedded server, is kept in
 * {@code data/outbox/} and shown on the outbox pages; the admin pages answer loopback clients.
 */
class DevOutboxTest {

  @TempDir Path dir;

  @Test
  void confirmationMailShowsInTheOutboxAndSurvivesARestart() throws Exception {
    try (FeedServer feeds = new FeedServer()) {
      feeds.put("/news.rss", "application/rss+xml", Fixtures.rss(feeds.url("")));
      Path config = dir.resolve("feeds.yml");
      Files.writeString(
          config,
          "digest:\n  title: Outbox Test\n  templates: "
              + Path.of("templates").toAbsolutePath()
              + "\nfeeds:\n  - url: "
              + feeds.url("/news.rss")
              + "\n");
      try (DigestApp app = DigestApp.open(ConfigLoader.load(config), Clock.systemUTC(), 0);
          WebServer web = WebServer.start(app, "127.0.0.1", 0, Optional::empty)) {
        assertThat(app.devOutbox()).isPresent();
        app.subscriptions().subscribe("reader@example.net");
        String base = "http://127.0.0.1:" + web.port();
        HttpResponse<String> list = get(base + "/outbox");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("reader@example.net").contains("/outbox/1");
        HttpResponse<String> one = get(base + "/outbox/1");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("<iframe").contains("/confirm?token=");
        HttpResponse<String> html = get(base + "/outbox/1/html");
        assertThat(html.headers().firstValue("Content-Security-Policy").orElse(""))
            .startsWith("sandbox");
        HttpResponse<String> eml = get(base + "/outbox/1/eml");
        assertThat(eml.headers().firstValue("Content-Type").orElse(""))
            .startsWith("message/rfc822");
        assertThat(eml.body()).contains("Message-ID:");

        HttpResponse<String> admin = get(base + "/admin");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("pending");
        HttpResponse<String> preview = get(base + "/admin/preview");
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("Ferry timetable changes for winter");
        assertThat(get(base + "/healthz").body()).isEqualTo("database ok\nsmtp ok\n");
      }
      assertThat(
              Files.list(dir.resolve("data/outbox"))
                  .filter(p -> p.toString().endsWith(".eml"))
                  .count())
          .isEqualTo(1);
      // A second process (here: a new app) still shows the mail the first one took.
      try (DigestApp app = DigestApp.open(ConfigLoader.load(config), Clock.systemUTC(), 0)) {
        assertThat(app.devOutbox().orElseThrow().list()).hasSize(1);
      }
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
