package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.app.DigestApp;
import dev.digest.app.DigestRun.SendOptions;
import dev.digest.bounce.Feedback;
import dev.digest.feedback.FeedbackRepository;
import dev.digest.feedback.FeedbackSink.Outcome;
import dev.digest.mail.VerpTokens;
import dev.digest.subscribe.SubscriberStatus;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The loop after a send, on real SMTP (GreenMail) and H2 or PostgreSQL: each message goes out with
 * its own envelope sender and unsubscribe mailto, and what comes back for them (bounces,
 * complaints, mailto unsubscribes, given as events here; the parser has its own table) changes
 * exactly the subscriber the token names, once, and nothing when the token is forged.
 */
class FeedbackLoopTest {

  @RegisterExtension final E2e e2e = E2e.threeFeeds();
  DigestApp app;

  private void open(String database) throws Exception {
    if (database.equals("postgresql")) {
      e2e.usePostgres();
    }
    app = e2e.app();
  }

  private static Feedback event(Feedback.Kind kind, String token, String code) {
    return new Feedback(
        kind,
        Optional.ofNullable(token),
        Optional.empty(),
        Optional.of("someone-else@example.net"),
        code,
        "550 <b>no such user</b>",
        "file");
  }

  private static String subaddress(String address) {
    return address.substring(address.indexOf('+') + 1, address.indexOf('@'));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void whatComesBackChangesTheSubscriberItsTokenNames(String database) throws Exception {
    open(database);
    long ada = app.subscribers().add("ada@example.net", SubscriberStatus.ACTIVE).id();
    long bob = app.subscribers().add("bob@example.net", SubscriberStatus.ACTIVE).id();
    long cy = app.subscribers().add("cy@example.net", SubscriberStatus.ACTIVE).id();
    long dee = app.subscribers().add("dee@example.net", SubscriberStatus.ACTIVE).id();
    app.run().send(SendOptions.normal());
    Map<String, MimeMessage> byRecipient =
        Arrays.stream(e2e.smtp().getReceivedMessages())
            .collect(Collectors.toMap(m -> recipient(m), Function.identity()));
    assertThat(byRecipient).hasSize(4);
    long edition = app.editions().latest(app.config().digest().id()).orElseThrow().id();

    // Each message's envelope sender (Return-Path) is the bounce address with its own token,
    // and its List-Unsubscribe mailto the unsubscribe form; From is unchanged.
    MimeMessage toAda = byRecipient.get("ada@example.net");
    String returnPath = toAda.getHeader("Return-Path")[0].replaceAll("[<>]", "");
    assertThat(returnPath).matches("brief\\+[a-z2-7]+@example\\.org");
    assertThat(toAda.getFrom()[0].toString()).isEqualTo("Harbour Brief <brief@example.org>");
    VerpTokens tokens = app.verpTokens();
    assertThat(tokens.verify(subaddress(returnPath)))
        .contains(new VerpTokens.Delivery(VerpTokens.Purpose.BOUNCE, edition, ada));
    String listUnsubscribe = byRecipient.get("bob@example.net").getHeader("List-Unsubscribe")[0];
    String mailto =
        listUnsubscribe.replaceAll("\\s+", " ").replaceAll(".*<mailto:([^?>]+).*", "$1");
    assertThat(mailto).startsWith("brief+u-");
    assertThat(tokens.verify(subaddress(mailto)))
        .contains(new VerpTokens.Delivery(VerpTokens.Purpose.UNSUBSCRIBE, edition, bob));

    // A hard bounce for Ada's token: bounced at once, whatever the Final-Recipient says.
    Outcome hard =
        app.feedbackSink()
            .acceptEvent(event(Feedback.Kind.HARD_BOUNCE, subaddress(returnPath), "5.1.1"));
    assertThat(hard.changed()).as(hard.summary()).isTrue();
    assertThat(hard.summary()).contains("now bounced");
    assertThat(status(ada)).isEqualTo(SubscriberStatus.BOUNCED);
    // The same report again (a mailbox polled twice) is applied once.
    assertThat(
            app.feedbackSink()
                .acceptEvent(event(Feedback.Kind.HARD_BOUNCE, subaddress(returnPath), "5.1.1"))
                .summary())
        .contains("already applied");

    // A forged token, or one altered by a character, changes nothing.
    String cyToken =
        subaddress(
            byRecipient.get("cy@example.net").getHeader("Return-Path")[0].replaceAll("[<>]", ""));
    String altered =
        cyToken.substring(0, 5) + (cyToken.charAt(5) == 'a' ? 'b' : 'a') + cyToken.substring(6);
    Outcome forged = app.feedbackSink().acceptEvent(event(Feedback.Kind.COMPLAINT, altered, ""));
    assertThat(forged.changed()).isFalse();
    assertThat(forged.summary()).contains("does not verify");
    assertThat(status(cy)).isEqualTo(SubscriberStatus.ACTIVE);

    // A mail to Bob's unsubscribe mailto unsubscribes Bob only; the bounce token is no such
    // request.
    assertThat(
            app.feedbackSink().acceptEvent(event(Feedback.Kind.UNSUBSCRIBE, cyToken, "")).changed())
        .isFalse();
    assertThat(
            app.feedbackSink()
                .acceptEvent(event(Feedback.Kind.UNSUBSCRIBE, subaddress(mailto), ""))
                .changed())
        .isTrue();
    assertThat(status(bob)).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
    assertThat(status(cy)).isEqualTo(SubscriberStatus.ACTIVE);

    // A complaint found by the Message-ID digest recorded (no token): complained.
    String cyMessageId = byRecipient.get("cy@example.net").getMessageID().replaceAll("[<>]", "");
    Outcome complaint =
        app.feedbackSink()
            .acceptEvent(
                new Feedback(
                    Feedback.Kind.COMPLAINT,
                    Optional.empty(),
                    Optional.of(cyMessageId),
                    Optional.empty(),
                    "",
                    "abuse",
                    "file"));
    assertThat(complaint.changed()).as(complaint.summary()).isTrue();
    assertThat(status(cy)).isEqualTo(SubscriberStatus.COMPLAINED);
    // An unknown Message-ID changes nothing.
    assertThat(
            app.feedbackSink()
                .acceptEvent(
                    new Feedback(
                        Feedback.Kind.HARD_BOUNCE,
                        Optional.empty(),
                        Optional.of("not.ours@example.com"),
                        Optional.of("dee@example.net"),
                        "5.1.1",
                        "",
                        "file"))
                .summary())
        .contains("never sent by digest");
    assertThat(status(dee)).isEqualTo(SubscriberStatus.ACTIVE);

    // Auto-replies change nothing; soft bounces count, and the third within the window suppresses,
    // leaving Dee's unsent rows of another edition unsent.
    String deeToken =
        subaddress(
            byRecipient.get("dee@example.net").getHeader("Return-Path")[0].replaceAll("[<>]", ""));
    assertThat(
            app.feedbackSink().acceptEvent(event(Feedback.Kind.AUTO_REPLY, deeToken, "")).changed())
        .isFalse();
    long second = fakeEditionWithPendingRow(dee);
    long third = fakeEditionWithPendingRow(dee);
    assertThat(
            app.feedbackSink()
                .acceptEvent(event(Feedback.Kind.SOFT_BOUNCE, deeToken, "4.2.2"))
                .summary())
        .contains("soft bounce 1 of 3");
    assertThat(
            app.feedbackSink()
                .acceptEvent(
                    event(
                        Feedback.Kind.SOFT_BOUNCE,
                        tokens.token(VerpTokens.Purpose.BOUNCE, second, dee),
                        "4.2.2"))
                .summary())
        .contains("soft bounce 2 of 3");
    assertThat(status(dee)).isEqualTo(SubscriberStatus.ACTIVE);
    Outcome third3 =
        app.feedbackSink()
            .acceptEvent(
                event(
                    Feedback.Kind.SOFT_BOUNCE,
                    tokens.token(VerpTokens.Purpose.BOUNCE, third, dee),
                    "4.2.2"));
    assertThat(third3.summary()).contains("now bounced").contains("2 unsent rows suppressed");
    assertThat(status(dee)).isEqualTo(SubscriberStatus.BOUNCED);
    assertThat(deliveryStatus(second, dee)).isEqualTo(FeedbackRepository.SUPPRESSED);

    // Every applied event is listed, with the rates per edition.
    assertThat(app.feedbackEvents().recent(50))
        .extracting(FeedbackRepository.Event::email)
        .contains("ada@example.net", "bob@example.net", "cy@example.net", "dee@example.net");
    FeedbackRepository.EditionRates rates =
        app.feedbackEvents().rates(app.config().digest().id(), 10).stream()
            .filter(r -> r.editionId() == edition)
            .findFirst()
            .orElseThrow();
    assertThat(rates.sent()).isEqualTo(4);
    assertThat(rates.hardBounces()).isEqualTo(1);
    assertThat(rates.complaints()).isEqualTo(1);
    assertThat(rates.complaintRate()).isEqualTo(0.25);

    // /admin lists the events (escaped) under the complaint alert; /metrics has the rates.
    int port = Fixtures.freePort();
    dev.digest.web.WebServer web =
        dev.digest.web.WebServer.start(app, "127.0.0.1", port, Optional::empty);
    try {
      String admin = get(port, "/admin");
      assertThat(admin)
          .contains("ada@example.net")
          .contains("hard bounce")
          .contains("5.1.1")
          .contains("&lt;b&gt;no such user&lt;/b&gt;")
          .doesNotContain("<b>no such user")
          .containsPattern(
              "role=\"alert\">Edition <span>1</span>: complaint rate <strong>25[.,]00 %");
      String metrics = get(port, "/metrics");
      assertThat(metrics)
          .contains("digest_edition_complaint_rate{edition=\"1\"} 0.25\n")
          .contains("digest_edition_bounce_rate{edition=\"1\"} 0.5\n")
          .contains("digest_complaint_rate_alert 1\n")
          .contains("digest_subscribers{status=\"complained\"} 1\n");
    } finally {
      web.close();
    }
  }

  private static String get(int port, String path) throws Exception {
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + path))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }

  /** An edition row and one pending delivery for the subscriber, as a send in progress leaves. */
  private long fakeEditionWithPendingRow(long subscriber) {
    return app.database()
        .inTransaction(
            c -> {
              int number;
              try (var rs = c.createStatement().executeQuery("SELECT MAX(number) FROM edition")) {
                rs.next();
                number = rs.getInt(1) + 1;
              }
              try (var ps =
                  c.prepareStatement(
                      "INSERT INTO edition (digest, number, subject, window_start, window_end, created_at, html,"
                          + " text_body, item_count, status) SELECT digest, ?, subject, window_start, window_end,"
                          + " created_at, html, text_body, item_count, 'sending' FROM edition WHERE number = 1",
                      java.sql.Statement.RETURN_GENERATED_KEYS)) {
                ps.setInt(1, number);
                ps.executeUpdate();
                try (var keys = ps.getGeneratedKeys()) {
                  keys.next();
                  long id = keys.getLong(1);
                  try (var row =
                      c.prepareStatement(
                          "INSERT INTO delivery (edition_id, subscriber_id, email, status, attempts, message_id)"
                              + " VALUES (?, ?, 'dee@example.net', 'pending', 0, ?)")) {
                    row.setLong(1, id);
                    row.setLong(2, subscriber);
                    row.setString(3, "digest." + id + "." + subscriber + "@example.org");
                    row.executeUpdate();
                  }
                  return id;
                }
              }
            });
  }

  private String deliveryStatus(long edition, long subscriber) {
    return app.database()
        .withConnection(
            c -> {
              try (var ps =
                  c.prepareStatement(
                      "SELECT status FROM delivery WHERE edition_id = ? AND subscriber_id = ?")) {
                ps.setLong(1, edition);
                ps.setLong(2, subscriber);
                try (var rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getString(1);
                }
              }
            });
  }

  private SubscriberStatus status(long id) {
    return app.subscribers().find(id).orElseThrow().status();
  }

  private static String recipient(MimeMessage m) {
    try {
      return m.getAllRecipients()[0].toString();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
