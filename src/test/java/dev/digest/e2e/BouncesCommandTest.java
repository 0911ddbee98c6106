package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.app.DigestApp;
import dev.digest.app.DigestRun.SendOptions;
import dev.digest.subscribe.SubscriberStatus;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code digest bounces process} on real parts: an edition sent over GreenMail, then the DSN and
 * the mailto unsubscribe that come back for its messages, from files and from standard input (as a
 * Postfix pipe transport gives them), change their subscribers; forged, oversized and unreadable
 * input changes nothing.
 */
class BouncesCommandTest {

  @RegisterExtension final E2e e2e = E2e.threeFeeds();

  @Test
  void returnedMailFromFilesAndStandardInputIsApplied() throws Exception {
    long ada;
    long bob;
    Map<String, MimeMessage> sent;
    try (DigestApp app = e2e.app()) {
      ada = app.subscribers().add("ada@example.net", SubscriberStatus.ACTIVE).id();
      bob = app.subscribers().add("bob@example.net", SubscriberStatus.ACTIVE).id();
      app.run().send(SendOptions.normal());
    }
    sent =
        Arrays.stream(e2e.smtp().getReceivedMessages())
            .collect(Collectors.toMap(BouncesCommandTest::recipient, Function.identity()));
    String adaVerp = sent.get("ada@example.net").getHeader("Return-Path")[0].replaceAll("[<>]", "");
    String bobMailto =
        sent.get("bob@example.net")
            .getHeader("List-Unsubscribe")[0]
            .replaceAll("\\s+", " ")
            .replaceAll(".*<mailto:([^?>]+).*", "$1");
    String adaMessageId = sent.get("ada@example.net").getMessageID();

    Path dsn = e2e.dir().resolve("dsn.eml");
    Files.writeString(dsn, dsn(adaVerp, "ada@example.net", adaMessageId));
    Path forged = e2e.dir().resolve("forged.eml");
    String forgedVerp = adaVerp.replaceFirst("\\+[a-z2-7]{4}", "+aaaa");
    Files.writeString(forged, dsn(forgedVerp, "bob@example.net", "<not.ours@example.com>"));
    Path huge = e2e.dir().resolve("huge.eml");
    Files.write(
        huge,
        ("Subject: x\r\n\r\n" + "x".repeat(3 * 1024 * 1024)).getBytes(StandardCharsets.US_ASCII));

    Cli.Result files =
        e2e.cli(
            "bounces",
            "process",
            dsn.toString(),
            forged.toString(),
            huge.toString(),
            e2e.dir().resolve("missing.eml").toString());

    assertThat(files.code()).as(files.out() + files.err()).isEqualTo(1);
    assertThat(files.err()).contains("missing.eml: cannot be read");
    assertThat(files.out().lines().toList()).hasSize(3);
    assertThat(files.out())
        .contains("dsn.eml: hard bounce 5.1.1")
        .contains("now bounced")
        .contains("forged.eml: hard bounce")
        .contains("token does not verify")
        .contains("huge.eml: not read");

    // A reader's mail to the unsubscribe mailto, piped in by the MTA.
    String unsubscribe =
        "From: Bob <bob@example.net>\r\nTo: "
            + bobMailto
            + "\r\nDelivered-To: "
            + bobMailto
            + "\r\nSubject: unsubscribe\r\nMessage-ID: <r1@example.net>\r\nDate: Sun, 6 Dec 2026 10:00:00 +0000\r\n\r\nplease\r\n";
    InputStream stdin = System.in;
    Cli.Result piped;
    try {
      System.setIn(new ByteArrayInputStream(unsubscribe.getBytes(StandardCharsets.US_ASCII)));
      piped = e2e.cli("bounces", "process", "-");
    } finally {
      System.setIn(stdin);
    }
    assertThat(piped.code()).as(piped.out() + piped.err()).isZero();
    assertThat(piped.out()).startsWith("stdin: unsubscribe").contains("now unsubscribed");

    try (DigestApp app = e2e.app()) {
      assertThat(app.subscribers().find(ada).orElseThrow().status())
          .isEqualTo(SubscriberStatus.BOUNCED);
      assertThat(app.subscribers().find(bob).orElseThrow().status())
          .isEqualTo(SubscriberStatus.UNSUBSCRIBED);
    }
  }

  /** A delivery status notification shaped like Postfix's, sent to {@code to}. */
  private static String dsn(String to, String recipient, String messageId) {
    return String.join(
        "\r\n",
        "Return-Path: <>",
        "Delivered-To: " + to,
        "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)",
        "To: " + to,
        "Subject: Undelivered Mail Returned to Sender",
        "Date: Sun, 6 Dec 2026 10:00:00 +0000",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"",
        "Message-Id: <dsn1@mx.example.org>",
        "",
        "--b1",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "Your message could not be delivered.",
        "",
        "--b1",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.example.org",
        "",
        "Final-Recipient: rfc822; " + recipient,
        "Action: failed",
        "Status: 5.1.1",
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown",
        "",
        "--b1",
        "Content-Type: text/rfc822-headers",
        "",
        "From: Harbour Brief <brief@example.org>",
        "To: " + recipient,
        "Message-ID: " + messageId,
        "",
        "--b1--",
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
