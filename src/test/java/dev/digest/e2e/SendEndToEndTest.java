package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job through the real command line: three feeds from a real HTTP server, two confirmed
 * subscribers, real SMTP into GreenMail, H2 on disk.
 */
class SendEndToEndTest {

  @RegisterExtension final E2e e2e = E2e.threeFeeds();

  @Test
  void sendsOneMultipartMailPerConfirmedSubscriberAndNothingTheSecondTime() throws Exception {
    assertThat(e2e.cli("subscribers", "add", "ann@example.net").code()).isZero();
    assertThat(e2e.cli("subscribers", "add", "bob@example.net").code()).isZero();

    Cli.Result first = e2e.cli("send");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("2 sent");

    MimeMessage[] received = e2e.smtp().getReceivedMessages();
    assertThat(received).hasSize(2);
    assertThat(received)
        .extracting(m -> m.getAllRecipients()[0].toString())
        .containsExactlyInAnyOrder("ann@example.net", "bob@example.net");
    for (MimeMessage m : received) {
      assertThat(m.getContentType()).startsWith("multipart/alternative");
      Multipart parts = (Multipart) m.getContent();
      assertThat(parts.getCount()).isEqualTo(2);
      assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
      assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
      String text = (String) parts.getBodyPart(0).getContent();
      String html = (String) parts.getBodyPart(1).getContent();
      // The author's own quick summary, word for word, in both parts.
      for (String bullet : new String[] {Fixtures.QUICK_1, Fixtures.QUICK_2, Fixtures.QUICK_3}) {
        assertThat(unwrap(text)).contains(bullet);
        assertThat(html).contains(bullet);
      }
      assertThat(html)
          .contains("Sharpening chisels by hand")
          .contains("Ferry timetable changes for winter");
      assertThat(m.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
      assertThat(m.getHeader("List-Unsubscribe")[0]).contains("/unsubscribe?token=");
    }
    // Personal links differ per subscriber.
    assertThat(received[0].getHeader("List-Unsubscribe")[0])
        .isNotEqualTo(received[1].getHeader("List-Unsubscribe")[0]);

    Cli.Result second = e2e.cli("send");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out()).contains("nothing new");
    assertThat(e2e.smtp().getReceivedMessages()).hasSize(2);
  }

  @Test
  void previewWritesTheThreeFilesAndSendsNothing() throws Exception {
    e2e.cli("subscribers", "add", "ann@example.net");
    Path out = e2e.dir().resolve("preview");
    Cli.Result r = e2e.cli("preview", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(out.resolve("digest.html"))).contains(Fixtures.QUICK_1);
    assertThat(unwrap(Files.readString(out.resolve("digest.txt")))).contains(Fixtures.QUICK_1);
    MimeMessage eml = new MimeMessage(null, Files.newInputStream(out.resolve("digest.eml")));
    assertThat(eml.getContentType()).startsWith("multipart/alternative");
    assertThat(e2e.smtp().getReceivedMessages()).isEmpty();
    // A preview consumes nothing: the real send afterwards still has every article.
    Cli.Result send = e2e.cli("send");
    assertThat(send.out()).contains("1 sent");
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    e2e.smtp().getReceivedMessages()[0].writeTo(raw);
    assertThat(raw.toString(StandardCharsets.UTF_8)).contains("Sharpening chisels by hand");
  }

  @Test
  void dryRunAndTestSendRecordNothing() throws Exception {
    e2e.cli("subscribers", "add", "ann@example.net");
    Cli.Result dry = e2e.cli("send", "--dry-run");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("would go to 1 subscribers with 3 articles");
    assertThat(e2e.smtp().getReceivedMessages()).isEmpty();

    Cli.Result test = e2e.cli("send", "--to", "editor@example.net");
    assertThat(test.code()).as(test.err()).isZero();
    assertThat(e2e.smtp().getReceivedMessages()).hasSize(1);
    assertThat(e2e.smtp().getReceivedMessages()[0].getAllRecipients()[0].toString())
        .isEqualTo("editor@example.net");

    // Neither consumed the articles.
    Cli.Result send = e2e.cli("send");
    assertThat(send.out()).contains("1 sent");
  }

  @Test
  void aFeedsCheckBeforeTheSendHidesNoArticleBehindA304() throws Exception {
    e2e.cli("subscribers", "add", "ann@example.net");
    Cli.Result check = e2e.cli("feeds", "check");
    assertThat(check.code()).as(check.err()).isZero();
    assertThat(check.out()).contains("3 feeds, 0 failed");
    Cli.Result send = e2e.cli("send");
    assertThat(send.code()).as(send.err()).isZero();
    // Every feed answered 304 to the send, yet every article went out.
    assertThat(e2e.feeds().notModified.get()).isEqualTo(3);
    assertThat(send.out()).contains("1 sent");
    String html =
        (String)
            ((Multipart) e2e.smtp().getReceivedMessages()[0].getContent())
                .getBodyPart(1)
                .getContent();
    assertThat(html)
        .contains("Sharpening chisels by hand")
        .contains("Ferry timetable changes for winter")
        .contains(Fixtures.QUICK_1);
    Cli.Result again = e2e.cli("feeds", "check");
    assertThat(again.out()).contains("304");
  }

  /** Joins wrapped lines so a bullet wrapped at 72-78 columns can be found whole. */
  static String unwrap(String text) {
    return text.replaceAll("\\s+", " ");
  }
}
