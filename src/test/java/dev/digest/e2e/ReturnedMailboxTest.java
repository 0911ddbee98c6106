package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.digest.app.DigestApp;
import dev.digest.app.DigestRun.SendOptions;
import dev.digest.config.BounceSettings.ImapSettings;
import dev.digest.config.SmtpSettings;
import dev.digest.feedback.MailboxPoller;
import dev.digest.subscribe.SubscriberStatus;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole loop on real parts, wired as {@code serve} wires it ({@code MailboxPoller} handing to
 * the app's feedback processor): an edition sent over GreenMail SMTP; a GreenMail IMAP mailbox then
 * holds a DSN, an ARF complaint, an auto-reply and a mailto unsubscribe for its messages; each
 * changes exactly its subscriber, and the auto-reply nothing.
 */
class ReturnedMailboxTest {

  @RegisterExtension final E2e e2e = E2e.threeFeeds();

  @Test
  void thePolledMailboxClosesTheLoop() throws Exception {
    GreenMail imap =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
    imap.start();
    GreenMailUser box = imap.setUser("bounces@example.org", "bounces", "s3cret");
    try (DigestApp app = e2e.app()) {
      long ada = app.subscribers().add("ada@example.net", SubscriberStatus.ACTIVE).id();
      long bob = app.subscribers().add("bob@example.net", SubscriberStatus.ACTIVE).id();
      long cy = app.subscribers().add("cy@example.net", SubscriberStatus.ACTIVE).id();
      long dee = app.subscribers().add("dee@example.net", SubscriberStatus.ACTIVE).id();
      app.run().send(SendOptions.normal());
      Map<String, MimeMessage> sent =
          Arrays.stream(e2e.smtp().getReceivedMessages())
              .collect(Collectors.toMap(ReturnedMailboxTest::recipient, Function.identity()));

      deliver(box, dsn(verp(sent.get("ada@example.net")), "ada@example.net"));
      deliver(box, arf(sent.get("bob@example.net").getMessageID()));
      deliver(
          box,
          "From: Cy <cy@example.net>\r\nTo: "
              + verp(sent.get("cy@example.net"))
              + "\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\n"
              + "Message-ID: <ooo1@example.net>\r\nDate: Sun, 6 Dec 2026 10:00:00 +0000\r\n\r\nBack on Monday.\r\n");
      String deeMailto =
          sent.get("dee@example.net")
              .getHeader("List-Unsubscribe")[0]
              .replaceAll("\\s+", " ")
              .replaceAll(".*<mailto:([^?>]+).*", "$1");
      deliver(
          box,
          "From: Dee <dee@example.net>\r\nTo: "
              + deeMailto
              + "\r\nSubject: unsubscribe\r\nMessage-ID: <u1@example.net>\r\nDate: Sun, 6 Dec 2026 10:00:00 +0000\r\n\r\n\r\n");

      ImapSettings settings =
          new ImapSettings(
              "127.0.0.1",
              imap.getImap().getPort(),
              "bounces",
              "s3cret",
              SmtpSettings.Security.NONE,
              "INBOX",
              Duration.ofSeconds(1));
      try (MailboxPoller poller = MailboxPoller.start(settings, app.feedbackSink())) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    status(app, ada) == SubscriberStatus.BOUNCED
                        && status(app, bob) == SubscriberStatus.COMPLAINED
                        && status(app, dee) == SubscriberStatus.UNSUBSCRIBED);
      }
      assertThat(status(app, cy))
          .as("an auto-reply changes nothing")
          .isEqualTo(SubscriberStatus.ACTIVE);
      assertThat(app.feedbackEvents().recent(10)).hasSize(3);
    } finally {
      imap.stop();
    }
  }

  private static SubscriberStatus status(DigestApp app, long id) {
    return app.subscribers().find(id).orElseThrow().status();
  }

  private static String verp(MimeMessage m) throws Exception {
    return m.getHeader("Return-Path")[0].replaceAll("[<>]", "");
  }

  private static void deliver(GreenMailUser box, String raw) throws Exception {
    box.deliver(
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
  }

  private static String dsn(String to, String recipient) {
    return String.join(
        "\r\n",
        "From: MAILER-DAEMON@mx.example.org",
        "To: " + to,
        "Delivered-To: " + to,
        "Subject: Undelivered Mail Returned to Sender",
        "Date: Sun, 6 Dec 2026 10:00:00 +0000",
        "Message-ID: <dsn-a@mx.example.org>",
        "MIME-Version: 1.0",
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"",
        "",
        "--b",
        "Content-Type: text/plain",
        "",
        "Could not be delivered.",
        "",
        "--b",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.example.org",
        "",
        "Final-Recipient: rfc822; " + recipient,
        "Action: failed",
        "Status: 5.1.1",
        "Diagnostic-Code: smtp; 550 5.1.1 no such user",
        "",
        "--b--",
        "");
  }

  /**
   * A feedback-loop complaint (RFC 5965) to the loop's own address, naming the original by
   * Message-ID.
   */
  private static String arf(String originalMessageId) {
    return String.join(
        "\r\n",
        "From: feedback@fbl.example.com",
        "To: fbl@example.org",
        "Subject: Complaint about message",
        "Date: Sun, 6 Dec 2026 10:00:00 +0000",
        "Message-ID: <arf-b@fbl.example.com>",
        "MIME-Version: 1.0",
        "Content-Type: multipart/report; report-type=feedback-report; boundary=\"f\"",
        "",
        "--f",
        "Content-Type: text/plain",
        "",
        "This is an abuse report.",
        "",
        "--f",
        "Content-Type: message/feedback-report",
        "",
        "Feedback-Type: abuse",
        "User-Agent: ExampleFBL/1.0",
        "Version: 1",
        "Original-Rcpt-To: bob@example.net",
        "",
        "--f",
        "Content-Type: text/rfc822-headers",
        "",
        "From: Harbour Brief <brief@example.org>",
        "To: bob@example.net",
        "Message-ID: " + originalMessageId,
        "",
        "--f--",
        "");
  }

  private static String recipient(MimeMessage m) {
    try {
      return m.getAllRecipients()[0].toString();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
