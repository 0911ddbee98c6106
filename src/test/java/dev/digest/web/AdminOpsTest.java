package dev.digest.web;

import static dev.digest.web.WebHarness.enc;
import static dev.digest.web.WebHarness.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.digest.config.SmtpSettings;
import dev.digest.mail.SmtpProbe;
import dev.digest.subscribe.SubscriberStatus;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin pages, /healthz and /metrics over real HTTP. */
class AdminOpsTest {

  @TempDir Path dir;
  WebHarness site;

  @BeforeEach
  void start() throws Exception {
    site = new WebHarness(dir);
  }

  @AfterEach
  void stop() {
    site.close();
  }

  @Test
  void dashboardShowsCountsFeedsAndTheFormsCarryCsrf() throws Exception {
    site.app.subscribers().add("a@example.net", SubscriberStatus.ACTIVE);
    site.app.subscribers().add("b@example.net", SubscriberStatus.PENDING);
    HttpResponse<String> r = site.get("/admin");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("http://127.0.0.1:9/feed.xml").contains("never fetched");
    assertThat(r.body()).contains("action=\"/admin/test-send\"").contains("name=\"csrf\"");
    assertThat(r.body()).contains("/admin/subscribers?status=active");
  }

  @Test
  void subscriberSearchFiltersByTextAndStatusAndEscapes() throws Exception {
    site.app.subscribers().add("ada@example.net", SubscriberStatus.ACTIVE);
    site.app.subscribers().add("bob@example.net", SubscriberStatus.PENDING);
    site.app.subscribers().add("adam@example.org", SubscriberStatus.PENDING);
    HttpResponse<String> r = site.get("/admin/subscribers?q=ada");
    assertThat(r.body())
        .contains("ada@example.net")
        .contains("adam@example.org")
        .doesNotContain("bob@example.net");
    HttpResponse<String> pending = site.get("/admin/subscribers?q=ada&status=pending");
    assertThat(pending.body()).contains("adam@example.org").doesNotContain("ada@example.net");
    HttpResponse<String> xss = site.get("/admin/subscribers?q=" + enc("\"><script>x</script>"));
    assertThat(xss.body()).doesNotContain("<script>x").contains("&lt;script&gt;");
  }

  @Test
  void adminFormsNeedCsrfAndTheSendNeedsConfirmation() throws Exception {
    site.app.subscribers().add("a@example.net", SubscriberStatus.ACTIVE);
    String csrf = field(site.get("/admin").body(), "csrf");
    assertThat(site.post("/admin/test-send", "csrf=forged&to=" + enc("t@example.net")).statusCode())
        .isEqualTo(403);
    assertThat(site.post("/admin/send", "csrf=forged&confirm=yes").statusCode()).isEqualTo(403);
    HttpResponse<String> unconfirmed = site.post("/admin/send", "csrf=" + csrf);
    assertThat(unconfirmed.statusCode()).isEqualTo(400);
    HttpResponse<String> page = site.get("/admin/send");
    assertThat(page.body())
        .contains("1</strong> active <span>subscriber</span>.")
        .contains("name=\"confirm\"");
    assertThat(
            site.post("/admin/test-send", "csrf=" + csrf + "&to=" + enc("t@x.y\r\nBcc: z@x.y"))
                .statusCode())
        .isEqualTo(400);
    assertThat(site.mails()).isZero();
    assertThat(site.app.editions().list(site.app.config().digest().id())).isEmpty();
  }

  @Test
  void aConfirmedSendRunsInTheBackgroundAndTheProgressPageReloadsUntilDone() throws Exception {
    String csrf = field(site.get("/admin").body(), "csrf");
    HttpResponse<String> started = site.post("/admin/send", "csrf=" + csrf + "&confirm=yes");
    // HttpClient does not follow redirects by default: a 303 to the progress page.
    assertThat(started.statusCode()).isEqualTo(303);
    assertThat(started.headers().firstValue("Location")).hasValue("/admin/send/progress");
    AtomicReference<HttpResponse<String>> progress =
        new AtomicReference<>(site.get("/admin/send/progress"));
    assertThat(progress.get().statusCode()).isEqualTo(200);
    // The page reloads itself while the send runs: poll it as a browser would, until it stops.
    await()
        .atMost(Duration.ofSeconds(20))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (progress.get().body().contains("http-equiv=\"refresh\"")) {
                progress.set(site.get("/admin/send/progress"));
              }
              return !progress.get().body().contains("http-equiv=\"refresh\"");
            });
    // The only feed is unreachable: nothing new, said plainly, and the reloading stopped.
    assertThat(progress.get().body())
        .doesNotContain("http-equiv=\"refresh\"")
        .contains("Nothing new in the feeds");
  }

  @Test
  void proxiedRequestsFromLoopbackAreNotTrustedAsLocal() throws Exception {
    HttpResponse<String> r =
        site.http.send(
            HttpRequest.newBuilder(URI.create(site.base + "/admin"))
                .header("X-Forwarded-For", "203.0.113.9")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
    for (String path :
        new String[] {
          "/metrics", "/admin/subscribers", "/admin/send/progress", "/outbox", "/outbox/1/eml"
        }) {
      HttpResponse<String> m =
          site.http.send(
              HttpRequest.newBuilder(URI.create(site.base + path))
                  .header("Forwarded", "for=203.0.113.9")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(m.statusCode()).as(path).isEqualTo(403);
    }
  }

  @Test
  void healthzChecksDatabaseAndSmtp() throws Exception {
    HttpResponse<String> ok = site.get("/healthz");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("database ok\nsmtp ok\n");
    SmtpSettings smtp = site.app.mailSettings().smtp();
    assertThat(SmtpProbe.reachable(smtp, OpsPages.SMTP_TIMEOUT)).isTrue();
    site.smtp.stop();
    assertThat(SmtpProbe.reachable(smtp, OpsPages.SMTP_TIMEOUT)).isFalse();
  }

  @Test
  void healthzSaysWhenSmtpIsDown() throws Exception {
    site.smtp.stop();
    HttpResponse<String> down = site.get("/healthz");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("smtp unreachable").contains("database ok");
  }

  @Test
  void metricsAreInPrometheusTextFormat() throws Exception {
    site.app.subscribers().add("a@example.net", SubscriberStatus.ACTIVE);
    site.app.subscribers().add("b@example.net", SubscriberStatus.ACTIVE);
    site.app.subscribers().add("c@example.net", SubscriberStatus.PENDING);
    HttpResponse<String> r = site.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    assertThat(r.body())
        .contains("# TYPE digest_subscribers gauge\n")
        .contains("digest_subscribers{status=\"active\"} 2\n")
        .contains("digest_subscribers{status=\"pending\"} 1\n")
        .contains("digest_feeds{state=\"never_fetched\"} 1\n")
        .contains("digest_deliveries{status=\"sent\"} 0\n")
        .contains("digest_editions{status=\"sent\"} 0\n")
        .contains("digest_send_rate_per_second 0\n")
        .contains("digest_feed_consecutive_failures{feed=\"http://127.0.0.1:9/feed.xml\"} 0\n");
    // Every non-comment line is "series value".
    r.body()
        .lines()
        .filter(l -> !l.startsWith("#"))
        .forEach(l -> assertThat(l).matches("[a-z_]+(\\{[a-z_]+=\"[^\"]*\"\\})? -?[0-9.eE+-]+"));
    assertThat(OpsPages.label("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
  }

  @Test
  void withATokenAdminNeedsTheBearerHeaderEvenFromLoopback(@TempDir Path other) throws Exception {
    try (WebHarness guarded = new WebHarness(other, "  admin-token: \"s3cret-token-value\"")) {
      assertThat(guarded.get("/admin").statusCode()).isEqualTo(403);
      assertThat(guarded.get("/metrics").statusCode()).isEqualTo(403);
      HttpResponse<String> ok =
          guarded.http.send(
              HttpRequest.newBuilder(URI.create(guarded.base + "/admin"))
                  .header("Authorization", "Bearer s3cret-token-value")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      HttpResponse<String> wrong =
          guarded.http.send(
              HttpRequest.newBuilder(URI.create(guarded.base + "/admin"))
                  .header("Authorization", "Bearer s3cret-token-valuf")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(wrong.statusCode()).isEqualTo(403);
    }
  }
}
