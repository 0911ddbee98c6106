package dev.digest.feedback.webhook;

import static dev.digest.feedback.webhook.Fixtures.BOUNCE_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digest.bounce.Feedback;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each provider's payloads, one row per event: what it means, and whom it concerns by token or
 * Message-ID. "-" is an empty field.
 */
class PayloadReadersTest {

  private final SesReader ses = new SesReader(BOUNCE_ADDRESS);
  private final PostmarkReader postmark = new PostmarkReader(BOUNCE_ADDRESS);
  private final MailgunReader mailgun = new MailgunReader(BOUNCE_ADDRESS);
  private final SendGridReader sendgrid = new SendGridReader();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      ses-bounce-permanent.json    | HARD_BOUNCE | k7x2mq4tzd5a | e12.s301.a9f3c2@example.org | mara.lindqvist@example.org   | 5.1.1
      ses-bounce-transient.json    | SOFT_BOUNCE | m4nop7qrs2tu | e12.s302.77b1d0@example.org | olu.adeyemi@example.org      | 4.2.2
      ses-bounce-undetermined.json | SOFT_BOUNCE | b5cdefgh2ijk | e12.s303.0c0ffe@example.org | pieter.van.damme@example.org | -
      ses-complaint.json           | COMPLAINT   | z2y3x4w5v6u7 | e12.s304.5eaf00@example.org | sam.okafor@example.org       | -
      ses-delivery.json            | IGNORED     | abcd2345efgh | e12.s305.d311ae@example.org | ines.carvalho@example.org    | -
      ses-delivery-delay.json      | SOFT_BOUNCE | qrst2345uvwx | e12.s306.de1a7e@example.org | kenji.watanabe@example.org   | 4.4.7
      """)
  void ses(
      String file,
      Feedback.Kind kind,
      String token,
      String messageId,
      String recipient,
      String status)
      throws Exception {
    List<Feedback> read = ses.read(Fixtures.write(Fixtures.snsNotification(file)));

    assertThat(read)
        .singleElement()
        .satisfies(f -> expect(f, "ses", kind, token, messageId, recipient, status));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      postmark-hard-bounce.json         | HARD_BOUNCE | h6jklmn2opq3 | e12.s311.44aa01@example.org | lea.brunner@example.org   | 5.1.1
      postmark-soft-bounce.json         | SOFT_BOUNCE | -            | e12.s312.90ab12@example.org | tomas.novak@example.org   | 4.2.2
      postmark-spam-complaint.json      | COMPLAINT   | rst4uvw5xyz6 | -                           | greta.holm@example.org    | -
      postmark-subscription-change.json | UNSUBSCRIBE | abc2def3ghi4 | e12.s314.1f2e3d@example.org | arjun.mehta@example.org   | -
      postmark-reactivation.json        | IGNORED     | -            | -                           | arjun.mehta@example.org   | -
      postmark-auto-responder.json      | AUTO_REPLY  | -            | e12.s315.aa55aa@example.org | noor.haddad@example.org   | -
      """)
  void postmark(
      String file,
      Feedback.Kind kind,
      String token,
      String messageId,
      String recipient,
      String status)
      throws Exception {
    List<Feedback> read = postmark.read(Fixtures.bytes(file));

    assertThat(read)
        .singleElement()
        .satisfies(f -> expect(f, "postmark", kind, token, messageId, recipient, status));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      mailgun-failed-permanent.json | HARD_BOUNCE | wxyz2345abcd | e12.s321.6b6b6b@example.org | hanna.kowalska@example.org | 5.1.1
      mailgun-failed-temporary.json | SOFT_BOUNCE | efgh6723ijkl | e12.s322.7c7c7c@example.org | felix.ortega@example.org   | 4.7.0
      mailgun-complained.json       | COMPLAINT   | -            | e12.s323.8d8d8d@example.org | yuki.tanaka@example.org    | -
      mailgun-unsubscribed.json     | UNSUBSCRIBE | mnop2345qrst | e12.s324.9e9e9e@example.org | chloe.martin@example.org   | -
      mailgun-delivered.json        | IGNORED     | uvwx2345yzab | e12.s325.afafaf@example.org | ravi.iyer@example.org      | -
      """)
  void mailgun(
      String file,
      Feedback.Kind kind,
      String token,
      String messageId,
      String recipient,
      String status)
      throws Exception {
    MailgunReader.Post post = mailgun.read(Fixtures.bytes(file));

    assertThat(post.timestamp()).isEqualTo("1741000000");
    assertThat(post.token()).startsWith("placeholder-token");
    assertThat(post.feedback())
        .singleElement()
        .satisfies(f -> expect(f, "mailgun", kind, token, messageId, recipient, status));
  }

  @ParameterizedTest(name = "event {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      0 | IGNORED     | e12.s331.010101@example.org | elif.demir@example.org  | -
      1 | SOFT_BOUNCE | e12.s331.010101@example.org | elif.demir@example.org  | 4.7.28
      2 | HARD_BOUNCE | e12.s332.020202@example.org | bram.peeters@example.org | 5.1.1
      3 | SOFT_BOUNCE | e12.s333.030303@example.org | zofia.nowak@example.org | 5.7.1
      4 | HARD_BOUNCE | e12.s334.040404@example.org | diego.ramos@example.org | 5.0.0
      5 | UNSUBSCRIBE | e12.s335.050505@example.org | amara.nwosu@example.org | 5.0.0
      6 | COMPLAINT   | e12.s336.060606@example.org | linnea.berg@example.org | -
      7 | UNSUBSCRIBE | e12.s337.070707@example.org | omar.farouk@example.org | -
      8 | UNSUBSCRIBE | e12.s338.080808@example.org | ana.silva@example.org   | -
      9 | IGNORED     | e12.s339.090909@example.org | ravi.iyer@example.org   | 2.0.0
      """)
  void sendgrid(int index, Feedback.Kind kind, String messageId, String recipient, String status)
      throws Exception {
    List<Feedback> read = sendgrid.read(Fixtures.bytes("sendgrid-events.json"));

    assertThat(read).hasSize(10);
    expect(read.get(index), "sendgrid", kind, "-", messageId, recipient, status);
  }

  @Test
  void diagnosticsAreTheRemoteServersWordsOnOneLine() throws Exception {
    Feedback f =
        ses.read(Fixtures.write(Fixtures.snsNotification("ses-bounce-permanent.json"))).get(0);

    assertThat(f.diagnostic()).startsWith("smtp; 550 5.1.1").contains("User unknown");
    assertThat(
            mailgun
                .read(Fixtures.bytes("mailgun-failed-permanent.json"))
                .feedback()
                .get(0)
                .diagnostic())
        .isEqualTo("550 5.1.1 The email account that you tried to reach does not exist");
  }

  @Test
  void theUnsubscribeMailtoTokenIsNotTakenForTheVerpToken() throws Exception {
    // ses-bounce-permanent.json names brief+u-q3lmno2p@ in List-Unsubscribe; the token is the
    // envelope sender's.
    assertThat(
            ses.read(Fixtures.write(Fixtures.snsNotification("ses-bounce-permanent.json")))
                .get(0)
                .token())
        .contains("k7x2mq4tzd5a");
    assertThat(
            new VerpAddress(BOUNCE_ADDRESS)
                .token(
                    "<mailto:brief+u-q3lmno2p@example.org>",
                    "other+abcd2345@example.org",
                    "brief+abcd2345@example.org.evil.test"))
        .isEmpty();
  }

  @Test
  void theRecipientAloneIsNeverAnIdentity() throws Exception {
    // mailgun-complained.json has neither envelope sender nor a VERP form: only a Message-ID.
    Feedback f = mailgun.read(Fixtures.bytes("mailgun-complained.json")).feedback().get(0);

    assertThat(f.token()).isEmpty();
    assertThat(f.originalMessageId()).isPresent();
    assertThat(f.recipient()).contains("yuki.tanaka@example.org");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "",
        "{",
        "[]",
        "{\"Type\":\"Notification\"}",
        "null",
        "\"text\"",
        "{\"a\":1} trailing"
      })
  void malformedBodiesAreRefusedWithOneLine(String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    for (ThrowingRead r :
        List.<ThrowingRead>of(() -> ses.read(b), () -> postmark.read(b), () -> mailgun.read(b))) {
      assertThatThrownBy(r::run)
          .isInstanceOf(MalformedPayloadException.class)
          .message()
          .doesNotContain("\n");
    }
  }

  @Test
  void sendGridWantsAnArrayOfNamedEvents() {
    assertThatThrownBy(() -> sendgrid.read("{\"event\":\"bounce\"}".getBytes()))
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessageContaining("array");
    assertThatThrownBy(() -> sendgrid.read("[{\"email\":\"a@example.org\"}]".getBytes()))
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessageContaining("event 0");
  }

  @Test
  void anSesNotificationWithoutRecipientsIsMalformed() {
    String inner =
        "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\"},"
            + "\"mail\":{\"source\":\"brief+abcd2345@example.org\"}}";
    assertThatThrownBy(() -> ses.readNotification(inner))
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessageContaining("bouncedRecipients");
  }

  private interface ThrowingRead {
    Object run() throws Exception;
  }

  private static void expect(
      Feedback f,
      String source,
      Feedback.Kind kind,
      String token,
      String messageId,
      String recipient,
      String status) {
    assertThat(f.source()).isEqualTo(source);
    assertThat(f.kind()).as("kind").isEqualTo(kind);
    assertThat(f.token().orElse("-")).as("token").isEqualTo(token);
    assertThat(f.originalMessageId().orElse("-")).as("message id").isEqualTo(messageId);
    assertThat(f.recipient().orElse("-")).as("recipient").isEqualTo(recipient);
    assertThat(f.statusCode().isEmpty() ? "-" : f.statusCode()).as("status").isEqualTo(status);
  }
}
