package dev.digest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
      assertThat(server.message(1)).hasValueSatisfying(m -> assertThat(m.to()).isEqualTo("first@example.com"));
      assertThat(server.message(3)).isEmpty();
    }
  }
}
