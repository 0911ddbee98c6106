package dev.digest.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digest.config.MailSettings;
import dev.digest.config.SmtpSettings;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedbackAddressesTest {

  private final FeedbackAddresses addresses =
      new FeedbackAddresses("bounces@example.org", "brief@example.org");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      textBlock =
          """
          bounces+b7k2m9q4x1@example.org, true
          BOUNCES+B7K2@Example.ORG,       true
          brief+u-abc@example.org,        true
          brief+u-@example.org,           false
          brief+abc@example.org,          false
          bounces+@example.org,           false
          bounces@example.org,            false
          brief@example.org,              false
          bounces+tok@example.net,        false
          bounces+tok@mail.example.org,   false
          xbounces+tok@example.org,       false
          reader@example.com,             false
          not-an-address,                 false
          @example.org,                   false
          """)
  void recognisesTheVerpAndUnsubscribeForms(String recipient, boolean feedback) {
    assertThat(addresses.isFeedbackRecipient(recipient)).isEqualTo(feedback);
  }

  @Test
  void aConfigurationWithoutUnsubscribeMailtoUsesTheFromAddress() {
    MailSettings mail =
        new MailSettings(
            "The Weekly Brief <brief@example.org>",
            "",
            "",
            new SmtpSettings(
                "",
                25,
                "",
                "",
                SmtpSettings.Security.NONE,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1)),
            0,
            1,
            Optional.empty());
    FeedbackAddresses a = FeedbackAddresses.of(mail);
    assertThat(a.isFeedbackRecipient("brief+u-abc@example.org")).isTrue();
    assertThat(a.isFeedbackRecipient("brief+tok123@example.org")).isTrue();
    assertThat(a.isFeedbackRecipient("brief@example.org")).isFalse();
  }

  @Test
  void aBareAddressIsRequired() {
    assertThatThrownBy(() -> new FeedbackAddresses("no-at-sign", "brief@example.org"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-at-sign");
  }
}
