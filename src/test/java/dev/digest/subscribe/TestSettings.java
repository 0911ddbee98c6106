package dev.digest.subscribe;

import dev.digest.config.DigestSettings;
import dev.digest.config.MailSettings;
import dev.digest.config.SmtpSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** Config records for tests (the loader is another stage). */
public final class TestSettings {

  private TestSettings() {}

  public static DigestSettings digest() {
    return new DigestSettings(
        "brief",
        "The Brief",
        "http://localhost:8080",
        "0 0 8 ? * MON",
        ZoneId.of("UTC"),
        Duration.ofDays(7),
        25,
        5,
        "en",
        "1 Main St, Springfield",
        Path.of("templates"),
        Path.of("data"));
  }

  public static MailSettings mail(int pool) {
    return new MailSettings(
        "The Brief <brief@example.org>",
        "",
        "",
        new SmtpSettings(
            "",
            587,
            "",
            "",
            SmtpSettings.Security.NONE,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5)),
        0,
        pool,
        Optional.empty());
  }
}
