package dev.digest.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.digest.app.DigestApp;
import dev.digest.config.ConfigLoader;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real web site for tests: GreenMail for SMTP, H2 in a temp folder, the repo's templates, the
 * server on a free 127.0.0.1 port, and a cookie-keeping HTTP client.
 */
final class WebHarness implements AutoCloseable {

  /** The HMAC secret in the test config, so tests can mint tokens with their own clock. */
  static final String SECRET = "test-secret-0123456789abcdef";

  final GreenMail smtp;
  final DigestApp app;
  final WebServer web;
  final HttpClient http;
  final String base;

  WebHarness(Path dir) throws Exception {
    this(dir, "");
  }

  WebHarness(Path dir, String extraYaml) throws Exception {
    this(dir, extraYaml, "");
  }

  /** {@code webYaml}: more keys of the {@code web:} section, each line indented by two spaces. */
  WebHarness(Path dir, String extraYaml, String webYaml) throws Exception {
    this(dir, extraYaml, webYaml, "");
  }

  /** {@code mailYaml}: more keys of the {@code mail:} section, each line indented by two spaces. */
  WebHarness(Path dir, String extraYaml, String webYaml, String mailYaml) throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    try {
      int port = freePort();
      base = "http://127.0.0.1:" + port;
      Path templates = Path.of("templates").toAbsolutePath();
      String yml =
          """
          digest:
            title: Harbour <Brief>
            base-url: %s
            templates: %s
            data-dir: data
          mail:
            from: "Harbour Brief <brief@example.org>"
            smtp: { host: 127.0.0.1, port: %d, security: none }
          %s
          database:
            url: "jdbc:h2:file:./data/digest"
          web:
            secret: "%s"
          %s
          %s
          feeds:
            - { url: "http://127.0.0.1:9/feed.xml", name: Nowhere }
          """
              .formatted(
                  base, templates, smtp.getSmtp().getPort(), mailYaml, SECRET, webYaml, extraYaml);
      Path file = dir.resolve("feeds.yml");
      Files.writeString(file, yml);
      app = DigestApp.open(ConfigLoader.load(file), Clock.systemUTC(), 0);
      web = WebServer.start(app, "127.0.0.1", port, Optional::empty);
    } catch (Exception | Error e) {
      smtp.stop();
      throw e;
    }
    http = client();
  }

  static HttpClient client() {
    return HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(http, path);
  }

  HttpResponse<String> get(HttpClient client, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
    return post(http, path, form);
  }

  HttpResponse<String> post(HttpClient client, String path, String form)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The CSRF token of the form on the home page (sets the cookie in {@link #http}). */
  String csrf() throws IOException, InterruptedException {
    return field(get("/").body(), "csrf");
  }

  int mails() {
    return smtp.getReceivedMessages().length;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The value of a hidden input in a page. */
  static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    assertThat(m.find()).as("field " + name + " in page").isTrue();
    return m.group(1).replace("&amp;", "&");
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    try {
      if (web != null) {
        web.close();
      }
      if (app != null) {
        app.close();
      }
    } finally {
      smtp.stop();
    }
  }
}
