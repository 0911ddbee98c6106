package dev.digest.feedback.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.digest.bounce.Feedback;
import dev.digest.config.WebhookSettings;
import dev.digest.feedback.FeedbackSink;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SNS signatures checked against a real certificate (made by the JDK's keytool, signed by its own
 * key) served by a real HTTP server on 127.0.0.1 standing in for {@code
 * sns.<region>.amazonaws.com}: version 1 and 2 signatures verify, a changed message or another
 * host's certificate does not, the certificate is fetched once, and a signed subscription request
 * is confirmed by fetching its SubscribeURL, an unsigned or foreign one never.
 */
class SnsSignatureTest {

  @TempDir static Path dir;
  private static HttpServer server;
  private static PrivateKey key;
  private static String base;
  private static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void certificateAndServer() throws Exception {
    Path store = dir.resolve("sns.p12");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "sns",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "3",
                "-dname",
                "CN=sns.test",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(store.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    key = (PrivateKey) ks.getKey("sns", "changeit".toCharArray());
    Certificate cert = ks.getCertificate("sns");
    byte[] pem =
        ("-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n")
            .getBytes(StandardCharsets.US_ASCII);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          hits.computeIfAbsent(ex.getRequestURI().getPath(), k -> new AtomicInteger())
              .incrementAndGet();
          byte[] body =
              ex.getRequestURI().getPath().endsWith(".pem")
                  ? pem
                  : "<ConfirmSubscriptionResponse/>".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void versionOneAndTwoSignaturesVerifyAndTheCertificateIsFetchedOnce() throws Exception {
    List<Feedback> got = new ArrayList<>();
    WebhookReceiver r = receiver(got);
    for (String version : List.of("1", "2")) {
      ObjectNode n = Fixtures.snsNotification("ses-bounce-permanent.json");
      n.put("SigningCertURL", base + "/once.pem");
      sign(n, version);
      WebhookReceiver.Reply reply =
          r.receive("ses", "s3cret-0123456789abcdef", h -> null, Fixtures.write(n));
      assertThat(reply.status()).as("SignatureVersion " + version).isEqualTo(200);
    }
    assertThat(got).hasSize(2).allMatch(f -> f.kind() == Feedback.Kind.HARD_BOUNCE);
    assertThat(hits.get("/once.pem").get()).isEqualTo(1);
  }

  @Test
  void aChangedMessageAnUntrustedCertificateHostOrAnotherTopicIsRefused() throws Exception {
    List<Feedback> got = new ArrayList<>();
    WebhookReceiver r = receiver(got);
    ObjectNode n = Fixtures.snsNotification("ses-bounce-permanent.json");
    n.put("SigningCertURL", base + "/c.pem");
    sign(n, "2");
    ObjectNode changed = n.deepCopy();
    changed.put("Message", n.get("Message").asText().replace("Permanent", "Transient"));
    assertThat(
            r.receive("ses", "s3cret-0123456789abcdef", h -> null, Fixtures.write(changed))
                .status())
        .isEqualTo(403);

    ObjectNode elsewhere = Fixtures.snsNotification("ses-bounce-permanent.json");
    elsewhere.put("SigningCertURL", "http://localhost:" + server.getAddress().getPort() + "/x.pem");
    sign(elsewhere, "2");
    assertThat(
            r.receive("ses", "s3cret-0123456789abcdef", h -> null, Fixtures.write(elsewhere))
                .status())
        .isEqualTo(403);
    assertThat(hits).doesNotContainKey("/x.pem");

    ObjectNode otherTopic = Fixtures.snsNotification("ses-bounce-permanent.json");
    otherTopic.put("TopicArn", "arn:aws:sns:eu-west-1:444455556666:mine");
    otherTopic.put("SigningCertURL", base + "/c.pem");
    sign(otherTopic, "2");
    assertThat(
            r.receive("ses", "s3cret-0123456789abcdef", h -> null, Fixtures.write(otherTopic))
                .status())
        .isEqualTo(403);
    assertThat(got).isEmpty();
  }

  @Test
  void aSignedSubscriptionRequestIsConfirmedByFetchingItsUrlAForeignUrlNever() throws Exception {
    WebhookReceiver r = receiver(new ArrayList<>());
    ObjectNode ok = Fixtures.snsSubscriptionConfirmation(Fixtures.TOPIC_ARN, base + "/confirm-ok");
    ok.put("SigningCertURL", base + "/s.pem");
    sign(ok, "1");
    assertThat(r.receive("ses", "s3cret-0123456789abcdef", h -> null, Fixtures.write(ok)).status())
        .isEqualTo(200);
    assertThat(hits.get("/confirm-ok").get()).isEqualTo(1);

    ObjectNode foreign =
        Fixtures.snsSubscriptionConfirmation(
            Fixtures.TOPIC_ARN,
            "http://localhost:" + server.getAddress().getPort() + "/confirm-bad");
    foreign.put("SigningCertURL", base + "/s.pem");
    sign(foreign, "1");
    assertThat(
            r.receive("ses", "s3cret-0123456789abcdef", h -> null, Fixtures.write(foreign))
                .status())
        .isEqualTo(403);
    ObjectNode unsigned =
        Fixtures.snsSubscriptionConfirmation(Fixtures.TOPIC_ARN, base + "/confirm-unsigned");
    unsigned.put("SigningCertURL", base + "/s.pem");
    assertThat(
            r.receive("ses", "s3cret-0123456789abcdef", h -> null, Fixtures.write(unsigned))
                .status())
        .isEqualTo(403);
    assertThat(hits).doesNotContainKeys("/confirm-bad", "/confirm-unsigned");
  }

  @Test
  void onlyHttpsSnsHostsAreAmazons() {
    assertThat(SnsSignature.awsUrl(URI.create("https://sns.eu-west-1.amazonaws.com/a.pem")))
        .isTrue();
    assertThat(SnsSignature.awsUrl(URI.create("https://sns.cn-north-1.amazonaws.com.cn/a.pem")))
        .isTrue();
    assertThat(SnsSignature.awsUrl(URI.create("http://sns.eu-west-1.amazonaws.com/a.pem")))
        .isFalse();
    assertThat(
            SnsSignature.awsUrl(
                URI.create("https://sns.eu-west-1.amazonaws.com.evil.example/a.pem")))
        .isFalse();
    assertThat(SnsSignature.awsUrl(URI.create("https://evil@sns.eu-west-1.amazonaws.com/a.pem")))
        .isFalse();
    assertThat(SnsSignature.awsUrl(URI.create("https://sns.eu-west-1.amazonaws.com:8443/a.pem")))
        .isFalse();
    assertThat(SnsSignature.awsUrl(URI.create("https://s3.amazonaws.com/a.pem"))).isFalse();
  }

  private static WebhookReceiver receiver(List<Feedback> got) {
    FeedbackSink sink =
        new FeedbackSink() {
          @Override
          public Outcome acceptMessage(byte[] rawMessage, String source) {
            throw new AssertionError("webhooks hand on events, not messages");
          }

          @Override
          public Outcome acceptEvent(Feedback feedback) {
            got.add(feedback);
            return new Outcome(true, feedback.kind().toString());
          }
        };
    int port = server.getAddress().getPort();
    return new WebhookReceiver(
        new WebhookSettings("s3cret-0123456789abcdef", Fixtures.TOPIC_ARN, "", "", ""),
        Fixtures.BOUNCE_ADDRESS,
        sink,
        Clock.systemUTC(),
        SnsSignatureTest::download,
        u ->
            "http".equals(u.getScheme()) && "127.0.0.1".equals(u.getHost()) && u.getPort() == port);
  }

  private static Optional<byte[]> download(String url) {
    try {
      HttpResponse<byte[]> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static void sign(ObjectNode n, String version) throws Exception {
    n.put("SignatureVersion", version);
    SnsMessage m = SnsMessage.parse(Fixtures.write(n));
    Signature s = Signature.getInstance(version.equals("1") ? "SHA1withRSA" : "SHA256withRSA");
    s.initSign(key);
    s.update(m.canonicalString());
    n.put("Signature", Base64.getEncoder().encodeToString(s.sign()));
  }
}
