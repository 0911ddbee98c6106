package dev.digest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.feedback.FeedbackAddresses;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class DevMailServerTest {

  @Test
  void capturesAndDecodesNewestFirst() throws Exception {
    try (DevMailServer server = DevMailServer.start(0)) {
      assertThat(server.port()).isPositive();
      assertThat(server.messages()).isEmpty();
      try (SmtpMailer mailer = new SmtpMailer(MailFixtures.settings(server.port(), 1, 0))) {
        mailer.send(MailFixtures.mail("first@example.com", 1));
        Thread.sleep(5); // distinct receive timestamps
        mailer.send(MailFixtures.mail("Second Reader <second@example.com>", 2));
      }
      List<CapturedMail> mails = server.messages();
      assertThat(mails).hasSize(2);
      CapturedMail newest = mails.get(0);
      assertThat(newest.id()).isEqualTo(2);
      assertThat(newest.to()).isEqualTo("Second Reader <second@example.com>");
      assertThat(newest.from()).isEqualTo("The Weekly Brief <brief@example.org>");
      assertThat(newest.subject()).isEqualTo("The Weekly Brief #12: Café prices – what changed");
      assertThat(newest.text()).contains("Ümlauts and emoji 📰").contains("t=tok2");
      assertThat(newest.html()).contains("Ünïcödé").contains("t=tok2");
      assertThat(new String(newest.raw(), StandardCharsets.ISO_8859_1))
          .contains("Message-ID: <e12.s2.weekly-brief@example.org>");
      assertThat(mails.get(1).to()).isEqualTo("first@example.com");
      assertThat(server.message(1))
          .hasValueSatisfying(m -> assertThat(m.to()).isEqualTo("first@example.com"));
      assertThat(server.message(3)).isEmpty();
    }
  }

  @Test
  void theTapSeesMailToTheAddressesItWantsOnceAndTheOutboxStillShowsIt() throws Exception {
    List<byte[]> tapped = new CopyOnWriteArrayList<>();
    // The recipients DigestApp taps in dev mode: the bounce and unsubscribe VERP forms.
    Predicate<String> returns =
        new FeedbackAddresses("brief@example.org", "brief@example.org")::isFeedbackRecipient;
    DevMailServer.Tap tap = new DevMailServer.Tap(returns, tapped::add);
    try (DevMailServer server = DevMailServer.start(0, tap)) {
      // A digest mail: its envelope sender is a VERP address, its recipient a reader.
      try (SmtpMailer mailer = new SmtpMailer(MailFixtures.settings(server.port(), 1, 0))) {
        mailer.send(MailFixtures.mail("reader@example.com", 1));
      }
      post(server.port(), "verp-sender", "brief+b7k2m9q4x1@example.org", "reader@example.com");
      assertThat(tapped).isEmpty();

      // Someone replies to the unsubscribe mailto, copying the bounce address: handed once.
      post(
          server.port(),
          "unsubscribe-reply",
          "reader@example.com",
          "brief+u-abc@example.org",
          "brief+x9@example.org");

      assertThat(tapped).hasSize(1);
      assertThat(new String(tapped.get(0), StandardCharsets.UTF_8))
          .contains("Message-ID: <unsubscribe-reply@example.com>")
          .contains("please stop");
      assertThat(server.messages())
          .extracting(CapturedMail::subject)
          .contains("posted to brief+u-abc@example.org");
    }
  }

  @Test
  void aTapThatThrowsDoesNotLoseTheMessage() throws Exception {
    DevMailServer.Tap failing =
        new DevMailServer.Tap(
            r -> true,
            raw -> {
              throw new IllegalStateException("feedback processor not wired");
            });
    try (DevMailServer server = DevMailServer.start(0, failing)) {
      post(server.port(), "tap-fails", "reader@example.com", "brief+u-abc@example.org");
      assertThat(server.messages())
          .extracting(CapturedMail::subject)
          .containsExactly("posted to brief+u-abc@example.org");
    }
  }

  /** Posts a small message over SMTP with the given envelope sender and recipients. */
  private static void post(int port, String id, String envelopeFrom, String... to)
      throws Exception {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", "127.0.0.1");
    p.setProperty("mail.smtp.port", Integer.toString(port));
    p.setProperty("mail.smtp.from", envelopeFrom);
    Session session = Session.getInstance(p);
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress("reader@example.com"));
    InternetAddress[] rcpt = new InternetAddress[to.length];
    for (int i = 0; i < to.length; i++) {
      rcpt[i] = new InternetAddress(to[i]);
    }
    m.setRecipients(Message.RecipientType.TO, rcpt);
    m.setSubject("posted to " + to[0]);
    m.setText("please stop sending me this\n", "UTF-8");
    m.saveChanges();
    m.setHeader("Message-ID", "<" + id + "@example.com>");
    // Not Transport.send: it would save the message again and replace the Message-ID.
    try (Transport t = session.getTransport("smtp")) {
      t.connect();
      t.sendMessage(m, m.getAllRecipients());
    }
  }
}
