package dev.digest.e2e;

import static dev.digest.e2e.FormClient.enc;
import static dev.digest.e2e.FormClient.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.digest.app.DigestApp;
import dev.digest.app.DigestRun.SendOptions;
import dev.digest.subscribe.SubscriberStatus;
import dev.digest.web.WebServer;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reader's path over real HTTP and real SMTP: subscribe form, confirmation mail, confirm
 * button, a digest, its unsubscribe link.
 */
class SubscribeFlowTest {

  @RegisterExtension final E2e e2e = E2e.threeFeedsAndWebPort();
  DigestApp app;
  FormClient web;
  String base;

  @BeforeEach
  void start() throws Exception {
    base = e2e.baseUrl();
    app = e2e.app();
    e2e.closeAfter(WebServer.start(app, "127.0.0.1", e2e.webPort(), Optional::empty));
    web = new FormClient(base);
  }

  @Test
  void subscribeConfirmReceiveUnsubscribe() throws Exception {
    HttpResponse<String> home = get("/");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("<form method=\"post\" action=\"/subscribe\"");
    String csrf = field(home.body(), "csrf");

    HttpResponse<String> subscribed =
        post("/subscribe", "csrf=" + csrf + "&email=" + enc("Reader@Example.net"));
    assertThat(subscribed.statusCode()).isEqualTo(200);
    assertThat(subscribed.body()).contains("Check your inbox");
    // The subscribe itself runs after the answer (so its duration reveals nothing).
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> app.subscribers().findByEmail("reader@example.net").isPresent());
    assertThat(status("reader@example.net")).isEqualTo(SubscriberStatus.PENDING);

    // The confirmation mail, over real SMTP.
    assertThat(e2e.smtp().waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage confirmation = e2e.smtp().getReceivedMessages()[0];
    String confirmLink = link(GreenMailUtil.getWholeMessage(confirmation), "/confirm?token=");

    // GET shows a button and changes nothing (link scanners must not confirm).
    HttpResponse<String> page = get(confirmLink.substring(base.length()));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(status("reader@example.net")).isEqualTo(SubscriberStatus.PENDING);
    String token = field(page.body(), "token");
    HttpResponse<String> confirmed =
        post("/confirm", "csrf=" + field(page.body(), "csrf") + "&token=" + enc(token));
    assertThat(confirmed.statusCode()).isEqualTo(200);
    assertThat(status("reader@example.net")).isEqualTo(SubscriberStatus.ACTIVE);
    // The welcome follows the confirmation (no edition yet: it says the first is on its way).
    assertThat(e2e.smtp().waitForIncomingEmail(5000, 2)).isTrue();
    assertThat(e2e.smtp().getReceivedMessages()[1].getSubject())
        .isEqualTo("Welcome to Harbour Brief");

    // The digest reaches the confirmed reader; its unsubscribe link works.
    app.run().send(SendOptions.normal());
    assertThat(e2e.smtp().getReceivedMessages()).hasSize(3);
    MimeMessage digest = e2e.smtp().getReceivedMessages()[2];
    String unsubscribeLink = link(GreenMailUtil.getWholeMessage(digest), "/unsubscribe?token=");
    HttpResponse<String> unsubscribePage = get(unsubscribeLink.substring(base.length()));
    assertThat(unsubscribePage.statusCode()).isEqualTo(200);
    assertThat(status("reader@example.net")).isEqualTo(SubscriberStatus.ACTIVE);
    HttpResponse<String> gone =
        post(
            "/unsubscribe",
            "csrf="
                + field(unsubscribePage.body(), "csrf")
                + "&token="
                + enc(field(unsubscribePage.body(), "token")));
    assertThat(gone.statusCode()).isEqualTo(200);
    assertThat(gone.body()).contains("You are unsubscribed");
    assertThat(status("reader@example.net")).isEqualTo(SubscriberStatus.UNSUBSCRIBED);

    // The admin dashboard lists the edition with its delivery tally, and the feeds as healthy.
    HttpResponse<String> admin = get("/admin");
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(admin.body())
        .contains("href=\"/archive/1\"")
        .contains("<td>1</td>")
        .doesNotContain("never fetched");
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.body())
        .contains("digest_deliveries{status=\"sent\"} 1\n")
        .contains("digest_feeds{state=\"ok\"} 3\n");

    // The edition is in the archive, as a page and in the Atom feed.
    HttpResponse<String> archive = get("/archive");
    assertThat(archive.body()).contains("/archive/1");
    HttpResponse<String> edition = get("/archive/1");
    assertThat(edition.statusCode()).isEqualTo(200);
    assertThat(edition.body())
        .contains(Fixtures.QUICK_1)
        .doesNotContain("unsubscribe.digest.invalid");
    HttpResponse<String> atom = get("/archive.atom");
    assertThat(atom.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/atom+xml");
    assertThat(atom.body())
        .contains("<feed")
        .contains(base + "/archive/1")
        .contains("Council approves tidal barrier");
  }

  @Test
  void thePreferencePageChangesWhatTheNextEditionBrings() throws Exception {
    long id = app.subscribers().add("pat@example.net", SubscriberStatus.ACTIVE).id();
    app.subscribers().add("other@example.net", SubscriberStatus.ACTIVE);
    String url = app.subscriptions().unsubscribeUrl(id);
    HttpResponse<String> page = get(url.substring(base.length()));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Manage what you get")
        .contains("value=\"crafts\"")
        .contains("value=\"news\"");
    String csrf = field(page.body(), "csrf");
    String token = field(page.body(), "token");

    // Bad input changes nothing: an unknown topic or cadence, a pause out of range, a forged token.
    for (String bad :
        List.of("topic=news&topic=sports", "cadence=hourly&topic=news", "topic=news&pause=99")) {
      HttpResponse<String> r =
          post("/preferences", "csrf=" + csrf + "&token=" + enc(token) + "&" + bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.body()).contains("Nothing was changed");
    }
    HttpResponse<String> forged = post("/preferences", "csrf=" + csrf + "&token=forged&topic=news");
    assertThat(forged.statusCode()).isEqualTo(400);
    HttpResponse<String> noCsrf =
        post("/preferences", "csrf=wrong&token=" + enc(token) + "&topic=news");
    assertThat(noCsrf.statusCode()).isEqualTo(403);
    assertThat(app.subscribers().find(id).orElseThrow().excludedTopics()).isEmpty();

    // Keep news only.
    HttpResponse<String> saved =
        post("/preferences", "csrf=" + csrf + "&token=" + enc(token) + "&topic=news&pause=0");
    assertThat(saved.statusCode()).isEqualTo(200);
    assertThat(saved.body()).contains("Saved.");
    assertThat(app.subscribers().find(id).orElseThrow().excludedTopics()).containsExactly("crafts");
    app.run().send(SendOptions.normal());
    String forPat = null;
    String forOther = null;
    for (MimeMessage m : e2e.smtp().getReceivedMessages()) {
      String raw = GreenMailUtil.getWholeMessage(m);
      if (m.getAllRecipients()[0].toString().equals("pat@example.net")) {
        forPat = raw;
      } else {
        forOther = raw;
      }
    }
    assertThat(forOther).contains("Sharpening chisels").contains("Manage what you get");
    assertThat(forPat)
        .doesNotContain("Sharpening chisels")
        .contains("Council approves tidal barrier");

    // A pause of two weeks: the next edition skips pat.
    post(
        "/preferences",
        "csrf=" + csrf + "&token=" + enc(token) + "&topic=news&topic=crafts&pause=2");
    assertThat(app.subscribers().find(id).orElseThrow().pausedUntil()).isPresent();
    assertThat(get(url.substring(base.length())).body()).contains("Paused until");
    // Dated ahead (seconds only in RFC 822): clamped to the fetch time, after the last edition.
    e2e.feeds()
        .put(
            "/news.rss",
            "application/rss+xml",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                + "<title>Harbour Gazette</title><link>"
                + e2e.feeds().url("/")
                + "</link><item><title>Harbour crane returns</title>"
                + "<link>"
                + e2e.feeds().url("/news/crane")
                + "</link><pubDate>"
                + Fixtures.rfc822(java.time.Instant.now().plusSeconds(5))
                + "</pubDate><description>The old harbour crane is back on the quay after a year of repairs, painted"
                + " in its first colours. It will lift boats again from the spring.</description></item></channel></rss>");
    int before = e2e.smtp().getReceivedMessages().length;
    app.run().send(SendOptions.normal());
    assertThat(e2e.smtp().getReceivedMessages().length - before)
        .as("only the reader who is not paused")
        .isEqualTo(1);
    assertThat(e2e.smtp().getReceivedMessages()[before].getAllRecipients()[0].toString())
        .isEqualTo("other@example.net");
  }

  @Test
  void oneClickUnsubscribeWorksWithoutCookies() throws Exception {
    long id = app.subscribers().add("one@example.net", SubscriberStatus.ACTIVE).id();
    String url = app.subscriptions().unsubscribeUrl(id);
    String path = url.substring(url.indexOf("/unsubscribe"));
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(status("one@example.net")).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
  }

  @Test
  void formsWithoutTheCsrfTokenAreRefused() throws Exception {
    get("/");
    HttpResponse<String> r = post("/subscribe", "csrf=forged&email=" + enc("x@example.net"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(app.subscribers().findByEmail("x@example.net")).isEmpty();
  }

  @Test
  void pagesCarryTheSecurityHeaders() throws Exception {
    HttpResponse<String> r = get("/");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("frame-ancestors 'none'")
        .doesNotContain("script-src");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
  }

  private SubscriberStatus status(String email) {
    return app.subscribers().findByEmail(email).orElseThrow().status();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return web.get(path);
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return web.post(path, form);
  }

  /** The first link containing {@code marker} in a raw message (quoted-printable undone). */
  private String link(String raw, String marker) {
    String decoded = raw.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
    Matcher m =
        Pattern.compile(Pattern.quote(base) + Pattern.quote(marker) + "[A-Za-z0-9_.~%=-]+")
            .matcher(decoded);
    assertThat(m.find()).as(marker + " link in mail").isTrue();
    return m.group().replace("&amp;", "&");
  }
}
