package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.mail.MimeMessages;
import dev.digest.mail.OutgoingMail;
import dev.digest.render.DigestTemplate;
import dev.digest.render.PersonalLinks;
import dev.digest.subscribe.RecordingMailer;
import dev.digest.subscribe.TestSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A mail is its digest template filled by {@link DigestTemplate#fill}, the fill the archive and the
 * preview use: the same bodies, and the same bytes as the filled bodies encoded in full.
 */
class OneFillTest {

  private static final String P = DigestTemplate.UNSUBSCRIBE_URL;

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "https://news.example.org/unsubscribe?t=abc123",
        "https://news.example.org/u?t=1&s=\"x<y",
        "https://news.example.org/unsubscribe?t=a-token-long-enough-that-the-line-it-sits-on-is-soft"
            + "-broken-by-quoted-printable-more-than-once-0123456789abcdefghijklmnopqrstuvwxyz"
      })
  void aMessageIsTheFilledTemplateToTheByte(String url) {
    DigestTemplate t =
        new DigestTemplate(
            "The Brief #4: Café prices – what changed",
            "<!doctype html><html><body><p>Ünïcödé 📰 "
                + "long line ".repeat(30)
                + "</p>\n"
                + "<a href=\""
                + P
                + "\">Unsubscribe</a> · <a href=\""
                + P
                + "\">again</a>\n"
                + "<p>.a line that starts with a dot</p></body></html>",
            "The Brief #4\n\nFrom here on, mbox would quote this\n"
                + "Unsubscribe: "
                + P
                + "\nor "
                + P);
    PersonalLinks links = new PersonalLinks(url);
    MessageComposer composer =
        new MessageComposer(
            TestSettings.digest(),
            TestSettings.mail(1),
            Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneOffset.UTC),
            Optional.empty());

    OutgoingMail m =
        composer.compose(
            new MessageComposer.Bodies(t),
            links,
            "reader@example.net",
            "e4.s9.x@example.org",
            Optional.of(new MessageComposer.Recipient(4, 9)));

    DigestTemplate.Filled filled = t.fill(links);
    assertThat(m.subject()).isEqualTo(filled.subject());
    assertThat(m.html()).isEqualTo(filled.html()).doesNotContain(P);
    assertThat(m.text()).isEqualTo(filled.text()).doesNotContain(P);
    OutgoingMail whole =
        new OutgoingMail(
            m.from(),
            m.to(),
            m.subject(),
            filled.text(),
            filled.html(),
            m.messageId(),
            m.date(),
            m.headers());
    MimeMessages mime = new MimeMessages(TestSettings.mail(1));
    assertThat(mime.toBytes(m)).isEqualTo(mime.toBytes(whole));
  }

  @Test
  void aDeliveryFillsTheStoredTemplateAsTheArchiveDoes() {
    try (DeliveryFixture f = DeliveryFixture.h2()) {
      long id = f.subscribe(1).get(0);
      RecordingMailer mailer = new RecordingMailer();
      DeliveryRunner runner = f.runner(mailer, 1, DeliveryFixture.fastPolicy(5, 20, 10));
      long edition = f.edition(runner);
      runner.deliver(edition, null);

      String url = "http://localhost:8080/unsubscribe?token=" + f.tokens.unsubscribeToken(id);
      DigestTemplate.Filled filled =
          DigestTemplate.of(f.editions.find(edition).orElseThrow()).fill(new PersonalLinks(url));
      OutgoingMail m = mailer.sent().get(0);
      assertThat(m.subject()).isEqualTo(filled.subject());
      assertThat(m.html()).isEqualTo(filled.html());
      assertThat(m.text()).isEqualTo(filled.text());
    }
  }
}
