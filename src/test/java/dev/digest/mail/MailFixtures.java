package dev.digest.mail;

import dev.digest.config.MailSettings;
import dev.digest.config.SmtpSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Mails and settings for mail tests. */
final class MailFixtures {

  static final Instant DATE = Instant.parse("2026-11-23T07:00:00Z");

  private MailFixtures() {}

  static MailSettings settings(int port, int pool, double rate) {
    return new MailSettings(
        "The Weekly Brief <brief@example.org>",
        "",
        "unsubscribe@example.org",
        new SmtpSettings(
            "127.0.0.1",
            port,
            "",
            "",
            SmtpSettings.Security.NONE,
            Duration.ofSeconds(5),
            Duration.ofSeconds(10)),
        rate,
        pool,
        Optional.empty());
  }

  static Map<String, String> listHeaders(String token) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("List-Id", "The Weekly Brief <weekly-brief.brief.example.org>");
    h.put(
        "List-Unsubscribe",
        "<https://brief.example.org/unsubscribe?t="
            + token
            + ">, <mailto:unsubscribe@example.org?subject=unsubscribe-"
            + token
            + ">");
    h.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    return h;
  }

  static OutgoingMail mail(String to, int n) {
    String text =
        "The Weekly Brief #12\n\n1. A headline about things\n   - a bullet = with an"
            + " equals sign and trailing spaces   \n.a line that starts with a dot\nFrom here on, mbox"
            + " would quote this\nÜmlauts and emoji 📰 and a very long line that goes on and on well"
            + " past the seventy-six column limit of quoted-printable so it must be soft-broken.\n"
            + "Unsubscribe: https://brief.example.org/unsubscribe?t=tok"
            + n
            + "\n";
    String html =
        "<!doctype html><html lang=\"en\"><body><p style=\"color: #1f2933\">Hello &amp;"
            + " welcome, Ünïcödé 📰</p><p><a href=\"https://brief.example.org/unsubscribe?t=tok"
            + n
            + "\">Unsubscribe</a></p></body></html>";
    return new OutgoingMail(
        "The Weekly Brief <brief@example.org>",
        to,
        "The Weekly Brief #12: Café prices – what changed",
        text,
        html,
        "e12.s" + n + ".weekly-brief@example.org",
        DATE,
        listHeaders("tok" + n));
  }
}
