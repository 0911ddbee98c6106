package dev.digest.web;

import static dev.digest.web.WebHarness.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.digest.subscribe.SubscriberStatus;
import dev.digest.subscribe.TokenService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each security promise of the web site, checked over real HTTP with real SMTP behind it. */
class SecurityTest {

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

  // --- CSRF ---------------------------------------------------------------------------------

  /** Every form, with a valid everything-else, so only the CSRF check can refuse it. */
  @ParameterizedTest
  @ValueSource(strings = {"/subscribe", "/confirm", "/unsubscribe", "/resubscribe"})
  void formsWithoutAValidCsrfTokenAreRefused(String path) throws Exception {
    long pending = site.app.subscribers().add("pending@example.net", SubscriberStatus.PENDING).id();
    long active = site.app.subscribers().add("active@example.net", SubscriberStatus.ACTIVE).id();
    String token =
        path.equals("/confirm")
            ? site.app.tokens().confirmToken(pending)
            : site.app.tokens().unsubscribeToken(active);
    String rest = "&email=" + enc("new@example.net") + "&token=" + enc(token);

    // No cookie, no field.
    HttpClient fresh = WebHarness.client();
    assertThat(site.post(fresh, path, "x=1" + rest).statusCode()).isEqualTo(403);
    // A field but no cookie (a cross-site form cannot read or set our SameSite cookie).
    assertThat(site.post(fresh, path, "csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" + rest).statusCode())
        .isEqualTo(403);
    // A cookie and a forged field.
    site.csrf();
    HttpResponse<String> forged = site.post(path, "csrf=forged-forged-forged-forged" + rest);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("Form expired");
    // A cookie and no field.
    assertThat(site.post(path, "x=1" + rest).statusCode()).isEqualTo(403);

    assertThat(status("pending@example.net")).isEqualTo(SubscriberStatus.PENDING);
    assertThat(status("active@example.net")).isEqualTo(SubscriberStatus.ACTIVE);
    assertThat(site.app.subscribers().findByEmail("new@example.net")).isEmpty();
    assertThat(site.mails()).isZero();

    // And the same request with the real token goes through (the test can fail).
    String csrf = site.csrf();
    HttpResponse<String> ok = site.post(path, "csrf=" + csrf + rest);
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  // --- signed tokens ------------------------------------------------------------------------

  @Test
  void forgedAndExpiredConfirmLinksShowAClearPageAndChangeNothing() throws Exception {
    long id = site.app.subscribers().add("reader@example.net", SubscriberStatus.PENDING).id();
    String valid = site.app.tokens().confirmToken(id);
    String forged =
        valid.substring(0, valid.length() - 3) + (valid.endsWith("AAA") ? "BBB" : "AAA");
    String otherId = valid.replaceFirst("^c\\." + id + "\\.", "c." + (id + 1) + ".");
    String unsubscribeAsConfirm = site.app.tokens().unsubscribeToken(id);
    String expired = expiredConfirmToken(id);

    for (String bad : List.of(forged, otherId, unsubscribeAsConfirm, "garbage", "")) {
      HttpResponse<String> page = site.get("/confirm?token=" + enc(bad));
      assertThat(page.statusCode()).as(bad).isEqualTo(400);
      assertThat(page.body()).contains("This link does not work").doesNotContain("name=\"token\"");
      String csrf = site.csrf();
      HttpResponse<String> post = site.post("/confirm", "csrf=" + csrf + "&token=" + enc(bad));
      assertThat(post.statusCode()).as(bad).isEqualTo(400);
    }
    HttpResponse<String> page = site.get("/confirm?token=" + enc(expired));
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("This link has expired").contains("action=\"/subscribe\"");
    HttpResponse<String> post =
        site.post("/confirm", "csrf=" + site.csrf() + "&token=" + enc(expired));
    assertThat(post.statusCode()).isEqualTo(400);
    assertThat(post.body()).contains("This link has expired");

    assertThat(status("reader@example.net")).isEqualTo(SubscriberStatus.PENDING);
    // The genuine link still works, so the refusals above were about the tokens.
    assertThat(site.post("/confirm", "csrf=" + site.csrf() + "&token=" + enc(valid)).statusCode())
        .isEqualTo(200);
    assertThat(status("reader@example.net")).isEqualTo(SubscriberStatus.ACTIVE);
  }

  @Test
  void forgedUnsubscribeAndResubscribeTokensChangeNothing() throws Exception {
    long id = site.app.subscribers().add("reader@example.net", SubscriberStatus.ACTIVE).id();
    String valid = site.app.tokens().unsubscribeToken(id);
    String forged =
        valid.substring(0, valid.length() - 3) + (valid.endsWith("AAA") ? "BBB" : "AAA");
    String confirmAsUnsubscribe = site.app.tokens().confirmToken(id);

    for (String bad : List.of(forged, confirmAsUnsubscribe, "u." + id + ".0.", "")) {
      HttpResponse<String> page = site.get("/unsubscribe?token=" + enc(bad));
      assertThat(page.statusCode()).as(bad).isIn(200, 400);
      assertThat(page.body()).doesNotContain("name=\"token\"");
      String csrf = site.csrf();
      assertThat(site.post("/unsubscribe", "csrf=" + csrf + "&token=" + enc(bad)).statusCode())
          .as(bad)
          .isEqualTo(400);
      HttpResponse<String> oneClick =
          site.post(
              WebHarness.client(), "/unsubscribe?token=" + enc(bad), "List-Unsubscribe=One-Click");
      assertThat(oneClick.statusCode()).as(bad).isEqualTo(400);
      HttpResponse<String> resub = site.post("/resubscribe", "csrf=" + csrf + "&token=" + enc(bad));
      assertThat(resub.statusCode()).as(bad).isEqualTo(400);
      assertThat(resub.body()).contains("This link does not work");
    }
    assertThat(status("reader@example.net")).isEqualTo(SubscriberStatus.ACTIVE);
    assertThat(site.mails()).isZero();
  }

  /** RFC 8058 section 8 shows the one-click POST as multipart/form-data: that must work too. */
  @Test
  void oneClickUnsubscribeAcceptsMultipartWithoutCookies() throws Exception {
    long id = site.app.subscribers().add("mp@example.net", SubscriberStatus.ACTIVE).id();
    String token = site.app.tokens().unsubscribeToken(id);
    String boundary = "----digestboundary";
    String body =
        "--"
            + boundary
            + "\r\n"
            + "Content-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n"
            + "One-Click\r\n"
            + "--"
            + boundary
            + "--\r\n";
    HttpResponse<String> r =
        WebHarness.client()
            .send(
                HttpRequest.newBuilder(URI.create(site.base + "/unsubscribe?token=" + enc(token)))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(status("mp@example.net")).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
  }

  // --- rate limits --------------------------------------------------------------------------

  @Test
  void twoHundredSubscribesFromOneAddressInAMinuteAreRateLimited() throws Exception {
    String csrf = site.csrf();
    int ok = 0;
    int limited = 0;
    int firstLimited = -1;
    for (int i = 0; i < 200; i++) {
      HttpResponse<String> r =
          site.post("/subscribe", "csrf=" + csrf + "&email=" + enc("r" + i + "@example.net"));
      if (r.statusCode() == 200) {
        ok++;
      } else if (r.statusCode() == 429) {
        limited++;
        if (firstLimited < 0) {
          firstLimited = i;
          assertThat(r.headers().firstValue("Retry-After")).isPresent();
          assertThat(r.body()).contains("Too many requests");
        }
      }
    }
    assertThat(ok).isEqualTo(SubscriptionPages.PER_IP_LIMIT);
    assertThat(limited).isEqualTo(200 - SubscriptionPages.PER_IP_LIMIT);
    assertThat(firstLimited).isEqualTo(SubscriptionPages.PER_IP_LIMIT);
    // Only the accepted requests reach the database (written after the answer: wait for them).
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                site.app.subscribers().list(Optional.empty()).size()
                    >= SubscriptionPages.PER_IP_LIMIT);
    Thread.sleep(200);
    assertThat(site.app.subscribers().list(Optional.empty()))
        .hasSize(SubscriptionPages.PER_IP_LIMIT);
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnAllowance(@TempDir Path other)
      throws Exception {
    try (WebHarness proxied =
        new WebHarness(other, "", "  trusted-proxies: [127.0.0.1, \"::1\"]")) {
      String csrf = proxied.csrf();
      // One visitor behind the proxy uses up its allowance ...
      int alice = 0;
      for (int i = 0; i <= SubscriptionPages.PER_IP_LIMIT; i++) {
        alice += forwardedSubscribe(proxied, csrf, "198.51.100.7", "a" + i) == 200 ? 1 : 0;
      }
      assertThat(alice).isEqualTo(SubscriptionPages.PER_IP_LIMIT);
      // ... and another still gets in; a spoofed left-hand entry does not buy a new allowance.
      assertThat(forwardedSubscribe(proxied, csrf, "203.0.113.9", "b0")).isEqualTo(200);
      assertThat(forwardedSubscribe(proxied, csrf, "10.9.9.9, 198.51.100.7", "a-spoof"))
          .isEqualTo(429);
    }
  }

  @Test
  void withoutTrustedProxiesForwardedForIsIgnored() throws Exception {
    String csrf = site.csrf();
    int ok = 0;
    for (int i = 0; i <= SubscriptionPages.PER_IP_LIMIT; i++) {
      // Each request claims a different client: without a trusted proxy that buys nothing.
      ok += forwardedSubscribe(site, csrf, "192.0.2." + (i + 1), "x" + i) == 200 ? 1 : 0;
    }
    assertThat(ok).isEqualTo(SubscriptionPages.PER_IP_LIMIT);
  }

  private static int forwardedSubscribe(WebHarness h, String csrf, String forwardedFor, String who)
      throws Exception {
    return h.http
        .send(
            HttpRequest.newBuilder(URI.create(h.base + "/subscribe"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", forwardedFor)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "csrf=" + csrf + "&email=" + enc(who + "@example.net")))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void oneAddressGetsAtMostAFewConfirmationMailsAnHour() throws Exception {
    String csrf = site.csrf();
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> r =
          site.post("/subscribe", "csrf=" + csrf + "&email=" + enc("victim@example.net"));
      // The reader sees the same page each time: a mail bomb via our form is not possible, and
      // the limit does not reveal anything either.
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("Check your inbox");
    }
    assertThat(site.smtp.waitForIncomingEmail(5000, SubscriptionPages.PER_ADDRESS_LIMIT)).isTrue();
    assertThat(site.mails()).isEqualTo(SubscriptionPages.PER_ADDRESS_LIMIT);
  }

  // --- address validation / header injection -----------------------------------------------

  private static final List<String> INJECTIONS =
      List.of(
          "a@b.c\r\nBcc: x@y.z",
          "a@b.cd\r\nBcc: x@y.z",
          "a@example.org\nBcc: x@y.z",
          "a@example.org\rBcc: x@y.z",
          "a@example.org%0d%0aBcc: x@y.z",
          "a@example.org\u0085Bcc: x@y.z",
          "a@example.org, x@y.z",
          "a@example.org>, <x@y.z",
          "\"x@y.z\" <a@example.org>",
          "Reader <a@example.org>",
          "a@example.org\u0000",
          "a@@example.org",
          "@example.org",
          "a@localhost",
          "a@[127.0.0.1]",
          "=?utf-8?q?a=0D=0ABcc:x@y.z?=@example.org");

  /** A table of header-injection and malformed inputs, one server (the rate limit is above 16). */
  @Test
  void injectionAttemptsAreRejectedAndNoMailIsSent() throws Exception {
    String csrf = site.csrf();
    for (String payload : INJECTIONS) {
      HttpResponse<String> r = site.post("/subscribe", "csrf=" + csrf + "&email=" + enc(payload));
      assertThat(r.statusCode()).as(payload).isEqualTo(400);
      assertThat(r.body()).as(payload).contains("id=\"email-error\"");
    }
    assertThat(site.app.subscribers().list(Optional.empty())).isEmpty();
    Thread.sleep(200);
    assertThat(site.mails()).isZero();
    // A clean address on the same form does go through (the loop above could have passed on a
    // broken form otherwise).
    assertThat(
            site.post("/subscribe", "csrf=" + csrf + "&email=" + enc("a@example.org")).statusCode())
        .isEqualTo(200);
    assertThat(site.smtp.waitForIncomingEmail(5000, 1)).isTrue();
    assertThat(site.smtp.getReceivedMessages()[0].getAllRecipients()).hasSize(1);
  }

  @Test
  void tooLongAddressesAreRejected() throws Exception {
    String csrf = site.csrf();
    String longLocal = "a".repeat(65) + "@example.org";
    String longTotal =
        "a".repeat(64)
            + "@"
            + "b".repeat(63)
            + "."
            + "c".repeat(63)
            + "."
            + "d".repeat(63)
            + ".org";
    for (String s : List.of(longLocal, longTotal, "a".repeat(5000) + "@example.org")) {
      HttpResponse<String> r = site.post("/subscribe", "csrf=" + csrf + "&email=" + enc(s));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).doesNotContain("a".repeat(300));
    }
    assertThat(site.app.subscribers().list(Optional.empty())).isEmpty();
  }

  @Test
  void internationalDomainsAreStoredAsPunycode() throws Exception {
    String csrf = site.csrf();
    HttpResponse<String> r =
        site.post("/subscribe", "csrf=" + csrf + "&email=" + enc("leser@bücher.example"));
    assertThat(r.statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> site.app.subscribers().findByEmail("leser@xn--bcher-kva.example").isPresent());
  }

  // --- escaping -----------------------------------------------------------------------------

  @Test
  void userInputIsNeverEchoedRaw() throws Exception {
    String csrf = site.csrf();
    String payload = "\"><script>alert(1)</script>@example.org";
    HttpResponse<String> r = site.post("/subscribe", "csrf=" + csrf + "&email=" + enc(payload));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).doesNotContain("<script>").doesNotContain("\"><");
    assertThat(r.body()).contains("&lt;script&gt;");

    // The digest title comes from config and holds markup characters: escaped too.
    assertThat(site.get("/").body()).contains("Harbour &lt;Brief&gt;").doesNotContain("<Brief>");

    for (String path :
        List.of(
            "/archive/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "/confirm?token=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "/unsubscribe?token=%3Cscript%3Ealert(1)%3C%2Fscript%3E")) {
      HttpResponse<String> page = site.get(path);
      assertThat(page.body()).as(path).doesNotContain("<script>");
    }
  }

  // --- headers and limits -------------------------------------------------------------------

  @Test
  void everyResponseCarriesTheSecurityHeaders() throws Exception {
    site.app.subscribers().add("a@example.net", SubscriberStatus.ACTIVE);
    String csrf = site.csrf();
    Map<String, HttpResponse<String>> responses =
        Map.of(
            "home", site.get("/"),
            "archive", site.get("/archive"),
            "404", site.get("/no/such/page"),
            "bad confirm", site.get("/confirm?token=x"),
            "style", site.get("/style.css"),
            "atom", site.get("/archive.atom"),
            "admin", site.get("/admin"),
            "subscribe POST",
                site.post("/subscribe", "csrf=" + csrf + "&email=" + enc("b@example.net")),
            "forged POST", site.post("/subscribe", "csrf=x&email=" + enc("c@example.net")),
            "healthz", site.get("/healthz"));
    responses.forEach(
        (what, r) -> {
          String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
          assertThat(csp)
              .as(what)
              .contains("default-src 'none'")
              .contains("frame-ancestors 'none'");
          assertThat(csp).as(what).doesNotContain("script-src").doesNotContain("unsafe-eval");
          assertThat(r.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
          assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
          assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
          assertThat(r.headers().firstValue("Server")).as(what).isEmpty();
        });
    assertThat(site.get(WebHarness.client(), "/").headers().allValues("Set-Cookie"))
        .anySatisfy(
            c -> assertThat(c).contains("HttpOnly").containsIgnoringCase("SameSite=Strict"));
  }

  @Test
  void aOneMegabytePostIsRefused() throws Exception {
    String csrf = site.csrf();
    String body =
        "csrf=" + csrf + "&email=" + enc("big@example.net") + "&pad=" + "x".repeat(1024 * 1024);
    int status;
    try {
      status = site.post("/subscribe", body).statusCode();
    } catch (IOException e) {
      status = -1; // the server may close the connection before reading the rest: also a refusal
    }
    assertThat(status).isIn(413, -1);
    assertThat(site.app.subscribers().findByEmail("big@example.net")).isEmpty();
    // A normal form still works afterwards.
    assertThat(
            site.post("/subscribe", "csrf=" + csrf + "&email=" + enc("small@example.net"))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aHugeUrlIsRefused() throws Exception {
    HttpResponse<String> r = site.get("/confirm?token=" + "a".repeat(64 * 1024));
    assertThat(r.statusCode()).isIn(414, 431, 400);
  }

  // --- enumeration --------------------------------------------------------------------------

  @Test
  void theAnswerIsTheSameWhetherOrNotAnAddressIsKnown() throws Exception {
    site.app.subscribers().add("pending@example.net", SubscriberStatus.PENDING);
    site.app.subscribers().add("active@example.net", SubscriberStatus.ACTIVE);
    site.app.subscribers().add("gone@example.net", SubscriberStatus.UNSUBSCRIBED);
    String csrf = site.csrf();
    HttpResponse<String> fresh =
        site.post("/subscribe", "csrf=" + csrf + "&email=" + enc("new@example.net"));
    HttpResponse<String> pending =
        site.post("/subscribe", "csrf=" + csrf + "&email=" + enc("pending@example.net"));
    HttpResponse<String> active =
        site.post("/subscribe", "csrf=" + csrf + "&email=" + enc("Active@Example.net"));
    HttpResponse<String> gone =
        site.post("/subscribe", "csrf=" + csrf + "&email=" + enc("gone@example.net"));
    for (HttpResponse<String> r : List.of(pending, active, gone)) {
      assertThat(r.statusCode()).isEqualTo(fresh.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(fresh.body());
      assertThat(r.headers().map().keySet()).isEqualTo(fresh.headers().map().keySet());
    }
    assertThat(fresh.body()).doesNotContain("new@example.net");
    // Behind the identical pages: new, pending and unsubscribed got a confirmation, active did not.
    assertThat(site.smtp.waitForIncomingEmail(5000, 3)).isTrue();
    Thread.sleep(200);
    assertThat(site.mails()).isEqualTo(3);
    assertThat(status("active@example.net")).isEqualTo(SubscriberStatus.ACTIVE);
    assertThat(status("gone@example.net")).isEqualTo(SubscriberStatus.PENDING);
  }

  @Test
  void linksNeverCarryTheAddress() throws Exception {
    long id =
        site.app.subscribers().add("secret.reader@example.net", SubscriberStatus.PENDING).id();
    for (String url :
        List.of(
            site.app.subscriptions().confirmUrl(id), site.app.subscriptions().unsubscribeUrl(id))) {
      assertThat(url).doesNotContain("secret").doesNotContain("example.net");
      String token = url.substring(url.indexOf("token=") + 6);
      String decoded =
          new String(
              java.util.Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1)),
              StandardCharsets.ISO_8859_1);
      assertThat(decoded).doesNotContain("secret");
    }
  }

  private String expiredConfirmToken(long id) {
    Clock past = Clock.fixed(Instant.now().minus(8, ChronoUnit.DAYS), ZoneOffset.UTC);
    return new TokenService(WebHarness.SECRET.getBytes(StandardCharsets.UTF_8), past)
        .confirmToken(id);
  }

  private SubscriberStatus status(String email) {
    return site.app.subscribers().findByEmail(email).orElseThrow().status();
  }

  @SuppressWarnings("unused")
  private static HttpRequest raw(String url) {
    return HttpRequest.newBuilder(URI.create(url)).build();
  }
}
