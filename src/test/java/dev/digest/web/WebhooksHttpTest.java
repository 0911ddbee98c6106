package dev.digest.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.digest.mail.VerpTokens;
import dev.digest.subscribe.SubscriberStatus;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relays' webhooks on the real web server, posted to with the JDK's HTTP client: each
 * provider's payload (the fixtures the readers' table test uses, with a real token or Message-ID
 * put in) changes the subscriber it names when its secret and signature verify, and nothing
 * otherwise; a repeated post is stored once.
 */
class WebhooksHttpTest {

  private static final String HOOK_SECRET = "hook-secret-0123456789";
  private static final String MAILGUN_KEY = "key-mailgun-signing-0123456789";
  private static final String POSTMARK_AUTH = "postmark:s3cret-pass";
  private static final String TOPIC = "arn:aws:sns:eu-west-1:111122223333:digest-feedback";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private WebHarness web;
  private KeyPair sendgridKeys;

  @BeforeEach
  void start() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    sendgridKeys = g.generateKeyPair();
    String mail =
        """
          bounces:
            address: brief@example.org
            webhooks:
              secret: "%s"
              ses-topic-arn: "%s"
              mailgun-signing-key: "%s"
              sendgrid-public-key: "%s"
              postmark-basic-auth: "%s"
        """
            .formatted(
                HOOK_SECRET,
                TOPIC,
                MAILGUN_KEY,
                Base64.getEncoder().encodeToString(sendgridKeys.getPublic().getEncoded()),
                POSTMARK_AUTH);
    web = new WebHarness(dir, "", "", mail);
  }

  @AfterEach
  void stop() {
    web.close();
  }

  @Test
  void aSignedMailgunFailureBouncesTheTokensSubscriberOnceAndABadSignatureChangesNothing()
      throws Exception {
    long ada = subscriber("ada@example.net");
    long bob = subscriber("bob@example.net");
    String token = web.app.verpTokens().token(VerpTokens.Purpose.BOUNCE, 7, ada);

    ObjectNode forged = mailgunPost(token, Instant.now());
    ((ObjectNode) forged.get("signature")).put("signature", "00" + "ab".repeat(31));
    assertThat(post("/webhooks/mailgun/" + HOOK_SECRET, forged, Map.of()).statusCode())
        .isEqualTo(403);
    ObjectNode stale = mailgunPost(token, Instant.now().minusSeconds(3600));
    assertThat(post("/webhooks/mailgun/" + HOOK_SECRET, stale, Map.of()).statusCode())
        .as("a signature of an hour ago is a replay")
        .isEqualTo(403);
    assertThat(status(ada)).isEqualTo(SubscriberStatus.ACTIVE);

    ObjectNode good = mailgunPost(token, Instant.now());
    HttpResponse<String> first = post("/webhooks/mailgun/" + HOOK_SECRET, good, Map.of());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("1 changed");
    assertThat(status(ada)).isEqualTo(SubscriberStatus.BOUNCED);
    assertThat(status(bob)).isEqualTo(SubscriberStatus.ACTIVE);

    HttpResponse<String> again = post("/webhooks/mailgun/" + HOOK_SECRET, good, Map.of());
    assertThat(again.statusCode()).as("a relay's retry is answered ok").isEqualTo(200);
    assertThat(again.body()).contains("0 changed");
    assertThat(events(ada)).isEqualTo(1);
  }

  @Test
  void aWrongSecretAnUnknownProviderAndAGetAreNotFound() throws Exception {
    long ada = subscriber("ada@example.net");
    ObjectNode good =
        mailgunPost(web.app.verpTokens().token(VerpTokens.Purpose.BOUNCE, 7, ada), Instant.now());
    assertThat(post("/webhooks/mailgun/wrong-secret-0123456789", good, Map.of()).statusCode())
        .isEqualTo(404);
    assertThat(post("/webhooks/sparkpost/" + HOOK_SECRET, good, Map.of()).statusCode())
        .isEqualTo(404);
    assertThat(web.get("/webhooks/mailgun/" + HOOK_SECRET).statusCode()).isEqualTo(404);
    assertThat(status(ada)).isEqualTo(SubscriberStatus.ACTIVE);
  }

  @Test
  void aSignedSendGridBatchAppliesItsBounceByMessageIdAndATamperedOneIsRefused() throws Exception {
    long bram = subscriber("bram@example.net");
    sentWelcome(bram, "e12.s332.020202@example.org");
    byte[] body = fixture("sendgrid-events.json");
    String ts = String.valueOf(Instant.now().getEpochSecond());

    byte[] tampered =
        new String(body, StandardCharsets.UTF_8)
            .replace("User unknown", "User unknowN")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(
            post("/webhooks/sendgrid/" + HOOK_SECRET, tampered, sendgridHeaders(ts, body))
                .statusCode())
        .isEqualTo(403);
    assertThat(post("/webhooks/sendgrid/" + HOOK_SECRET, body, Map.of()).statusCode())
        .as("no signature headers")
        .isEqualTo(403);
    assertThat(status(bram)).isEqualTo(SubscriberStatus.ACTIVE);

    HttpResponse<String> r =
        post("/webhooks/sendgrid/" + HOOK_SECRET, body, sendgridHeaders(ts, body));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(status(bram)).isEqualTo(SubscriberStatus.BOUNCED);
  }

  @Test
  void aPostmarkComplaintNeedsItsBasicAuthAndAMalformedBodyIsABadRequest() throws Exception {
    long greta = subscriber("greta@example.net");
    ObjectNode complaint = (ObjectNode) JSON.readTree(fixture("postmark-spam-complaint.json"));
    ((ObjectNode) complaint.get("Metadata"))
        .put("digest-token", web.app.verpTokens().token(VerpTokens.Purpose.BOUNCE, 3, greta));
    String wrong =
        "Basic "
            + Base64.getEncoder().encodeToString("postmark:guess".getBytes(StandardCharsets.UTF_8));
    String right =
        "Basic "
            + Base64.getEncoder().encodeToString(POSTMARK_AUTH.getBytes(StandardCharsets.UTF_8));
    String path = "/webhooks/postmark/" + HOOK_SECRET;
    assertThat(post(path, complaint, Map.of()).statusCode()).isEqualTo(403);
    assertThat(post(path, complaint, Map.of("Authorization", wrong)).statusCode()).isEqualTo(403);
    assertThat(
            post(
                    path,
                    "{\"RecordType\": ".getBytes(StandardCharsets.UTF_8),
                    Map.of("Authorization", right))
                .statusCode())
        .isEqualTo(400);
    assertThat(status(greta)).isEqualTo(SubscriberStatus.ACTIVE);

    assertThat(post(path, complaint, Map.of("Authorization", right)).statusCode()).isEqualTo(200);
    assertThat(status(greta)).isEqualTo(SubscriberStatus.COMPLAINED);
  }

  @Test
  void anSesNotificationWhoseCertificateIsNotSnssIsRefusedBeforeAnyFetch() throws Exception {
    long hanna = subscriber("hanna@example.net");
    ObjectNode n = JSON.createObjectNode();
    n.put("Type", "Notification");
    n.put("MessageId", "5f0c7e4a-1b2d-5c3e-9f4a-6b7c8d9e0f1a");
    n.put("TopicArn", TOPIC);
    n.put("Message", new String(fixture("ses-bounce-permanent.json"), StandardCharsets.UTF_8));
    n.put("Timestamp", "2026-12-07T08:04:13.101Z");
    n.put("SignatureVersion", "2");
    n.put("Signature", "dW5zaWduZWQ=");
    n.put("SigningCertURL", "https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem");
    assertThat(post("/webhooks/ses/" + HOOK_SECRET, n, Map.of()).statusCode()).isEqualTo(403);
    n.put("TopicArn", "arn:aws:sns:eu-west-1:999999999999:someone-elses");
    n.put("SigningCertURL", "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0.pem");
    assertThat(post("/webhooks/ses/" + HOOK_SECRET, n, Map.of()).statusCode())
        .as("another account's topic")
        .isEqualTo(403);
    assertThat(status(hanna)).isEqualTo(SubscriberStatus.ACTIVE);
  }

  @Test
  void aBodyOverTheFormCapIsReadAndOneOverAMegabyteRefused() throws Exception {
    ArrayNode many = JSON.createArrayNode();
    for (int i = 0; i < 800; i++) {
      many.addObject()
          .put("email", "r" + i + "@example.net")
          .put("event", "processed")
          .put("smtp-id", "<x" + i + "@example.org>")
          .put("sg_event_id", "id-" + i);
    }
    byte[] big = JSON.writeValueAsBytes(many);
    assertThat(big.length).isGreaterThan(64 * 1024);
    String ts = String.valueOf(Instant.now().getEpochSecond());
    HttpResponse<String> r =
        post("/webhooks/sendgrid/" + HOOK_SECRET, big, sendgridHeaders(ts, big));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("800 events");

    byte[] huge = new byte[WebhookPages.MAX_BODY + 10];
    java.util.Arrays.fill(huge, (byte) ' ');
    assertThat(
            post("/webhooks/sendgrid/" + HOOK_SECRET, huge, sendgridHeaders(ts, huge)).statusCode())
        .isEqualTo(413);
  }

  // --- helpers

  private long subscriber(String email) {
    return web.app.subscribers().add(email, SubscriberStatus.ACTIVE).id();
  }

  private SubscriberStatus status(long id) {
    return web.app.subscribers().find(id).orElseThrow().status();
  }

  private int events(long subscriberId) {
    return web.app
        .database()
        .withConnection(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT COUNT(*) FROM feedback_event WHERE subscriber_id = ?")) {
                ps.setLong(1, subscriberId);
                try (var rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getInt(1);
                }
              }
            });
  }

  /** A welcome mail digest recorded as sent with {@code messageId}: what SendGrid reports on. */
  private void sentWelcome(long subscriberId, String messageId) {
    web.app
        .database()
        .withConnection(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO welcome_mail (subscriber_id, status, message_id, created_at)"
                          + " VALUES (?, 'sent', ?, CURRENT_TIMESTAMP)")) {
                ps.setLong(1, subscriberId);
                ps.setString(2, messageId);
                return ps.executeUpdate();
              }
            });
  }

  private ObjectNode mailgunPost(String verpToken, Instant at) throws Exception {
    ObjectNode n = (ObjectNode) JSON.readTree(fixture("mailgun-failed-permanent.json"));
    ((ObjectNode) n.at("/event-data/envelope"))
        .put("sender", "brief+" + verpToken + "@example.org");
    String ts = String.valueOf(at.getEpochSecond());
    String tok = "t" + at.toEpochMilli() + "abcdefghijklmnopqrstuvwxyz0123456789";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(MAILGUN_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    ObjectNode sig = (ObjectNode) n.get("signature");
    sig.put("timestamp", ts);
    sig.put("token", tok);
    sig.put(
        "signature",
        HexFormat.of().formatHex(mac.doFinal((ts + tok).getBytes(StandardCharsets.UTF_8))));
    return n;
  }

  private Map<String, String> sendgridHeaders(String ts, byte[] body) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(sendgridKeys.getPrivate());
    s.update(ts.getBytes(StandardCharsets.UTF_8));
    s.update(body);
    return Map.of(
        "X-Twilio-Email-Event-Webhook-Signature",
        Base64.getEncoder().encodeToString(s.sign()),
        "X-Twilio-Email-Event-Webhook-Timestamp",
        ts);
  }

  private static byte[] fixture(String name) throws Exception {
    try (InputStream in =
        WebhooksHttpTest.class.getResourceAsStream("/dev/digest/feedback/webhook/" + name)) {
      return in.readAllBytes();
    }
  }

  private HttpResponse<String> post(String path, ObjectNode json, Map<String, String> headers)
      throws Exception {
    return post(path, JSON.writeValueAsBytes(json), headers);
  }

  private HttpResponse<String> post(String path, byte[] body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(web.base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return web.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
