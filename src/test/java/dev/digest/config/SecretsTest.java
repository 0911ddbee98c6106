package dev.digest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {

  @Test
  void settingsNeverPrintTheirSecrets() {
    String all =
        List.of(
                new SmtpSettings(
                    "smtp.example.org",
                    587,
                    "mailer",
                    "smtp-pass-123",
                    SmtpSettings.Security.STARTTLS,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(30)),
                new DatabaseSettings(
                    "jdbc:postgresql://db:5432/digest?user=d&password=db-pass-456",
                    "d",
                    "db-pass-789"),
                new WebSettings("127.0.0.1", 8080, "admin-token-abc", "link-secret-def"))
            .toString();
    assertThat(all)
        .doesNotContain(
            "smtp-pass-123", "db-pass-456", "db-pass-789", "admin-token-abc", "link-secret-def");
    assertThat(all)
        .contains(
            "smtp.example.org", "mailer", "jdbc:postgresql://db:5432/digest?user=d&password=***");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db/x?user=a&password=s3cret&ssl=true | jdbc:postgresql://db/x?user=a&password=***&ssl=true",
        "jdbc:h2:file:./data/d;USER=sa;PASSWORD=s3cret;AUTO_SERVER=TRUE | jdbc:h2:file:./data/d;USER=sa;PASSWORD=***;AUTO_SERVER=TRUE",
        "jdbc:postgresql://a:s3cret@db:5432/x | jdbc:postgresql://a:***@db:5432/x",
        "jdbc:h2:file:./data/digest | jdbc:h2:file:./data/digest",
      })
  void urlsLoseOnlyTheirPasswords(String url, String expected) {
    assertThat(Secrets.maskUrl(url)).isEqualTo(expected);
  }
}
