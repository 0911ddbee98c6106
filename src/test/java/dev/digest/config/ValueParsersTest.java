package dev.digest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueParsersTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      textBlock =
          """
          30s,     PT30S
          10m,     PT10M
          2h,      PT2H
          7d,      PT168H
          1w,      PT168H
          500ms,   PT0.5S
          1h30m,   PT1H30M
          1H 30M,  PT1H30M
          PT30S,   PT30S
          P7D,     PT168H
          p1dt2h,  PT26H
          """)
  void readsDurations(String text, String expected) {
    assertThat(DurationParser.parse(text)).contains(Duration.parse(expected));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"", "30", "s", "7 days", "P1W", "-5s", "1y", "PT"})
  void rejectsWhatIsNotADuration(String text) {
    assertThat(DurationParser.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      textBlock =
          """
          1024,    1024
          512KB,   524288
          512 kb,  524288
          10MB,    10485760
          10MiB,   10485760
          1GB,     1073741824
          7B,      7
          """)
  void readsSizes(String text, long expected) {
    assertThat(ByteSizeParser.parse(text)).isEqualTo(OptionalLong.of(expected));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"", "MB", "1.5MB", "-1", "10TB", "99999999999999999999"})
  void rejectsWhatIsNotASize(String text) {
    assertThat(ByteSizeParser.parse(text)).isEmpty();
  }

  @Test
  void interpolatesOnceWithShellDefaults() throws Exception {
    Interpolator i = new Interpolator(Map.of("A", "1", "EMPTY", "", "NESTED", "${A}"));

    assertThat(i.interpolate("x${A}y${EMPTY}z")).isEqualTo("x1yz");
    assertThat(i.interpolate("${EMPTY:-d}|${UNSET:-}|${UNSET:-a:-b}")).isEqualTo("d||a:-b");
    assertThat(i.interpolate("${NESTED}")).isEqualTo("${A}");
    assertThat(i.interpolate("$${A} $5 $")).isEqualTo("${A} $5 $");
  }

  @Test
  void interpolationErrorsSayWhatIsWrong() {
    Interpolator i = new Interpolator(Map.of());

    assertThatThrownBy(() -> i.interpolate("${MISSING}"))
        .hasMessage(
            "environment variable MISSING is not set (use ${MISSING:-} for an empty default)");
    assertThatThrownBy(() -> i.interpolate("${1BAD}")).hasMessageContaining("is not ${NAME}");
    assertThatThrownBy(() -> i.interpolate("${A")).hasMessageStartingWith("unterminated ${");
  }

  @Test
  void suggestsOnlyPlausibleTypos() {
    List<String> keys = List.of("title", "base-url", "max-articles", "max-per-feed", "id");

    assertThat(Suggestions.nearest("titel", keys)).contains("title");
    assertThat(Suggestions.nearest("Base_URL", keys)).contains("base-url");
    assertThat(Suggestions.nearest("max-article", keys)).contains("max-articles");
    assertThat(Suggestions.nearest("x", keys)).isEmpty();
    assertThat(Suggestions.nearest("schedule", keys)).isEqualTo(Optional.empty());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      textBlock =
          """
          The Weekly Brief,   the-weekly-brief
          Café  Crème!,       cafe-creme
          ---,                digest
          """)
  void slugsTitles(String title, String expected) {
    assertThat(ValueChecks.slug(title)).isEqualTo(expected);
  }
}
