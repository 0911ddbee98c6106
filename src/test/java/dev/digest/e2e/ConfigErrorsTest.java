package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A broken feeds.yml stops every command with exit 2 and one line naming file, line and key. */
class ConfigErrorsTest {

  @TempDir Path dir;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "unknown key",
            "digest:\n  title: X\n  titel: Y\nfeeds:\n  - url: http://127.0.0.1/a\n",
            "feeds.yml:3: digest.titel:"),
        Arguments.of(
            "not a number",
            "digest:\n  max-articles: many\nfeeds:\n  - url: http://127.0.0.1/a\n",
            "feeds.yml:2: digest.max-articles:"),
        Arguments.of(
            "bad cron",
            "digest:\n  schedule: \"every monday\"\nfeeds:\n  - url: http://127.0.0.1/a\n",
            "feeds.yml:2: digest.schedule:"),
        Arguments.of(
            "feed without url",
            "feeds:\n  - url: http://127.0.0.1/a\n  - name: nameless\n",
            "feeds.yml:3: feeds[1].url:"),
        Arguments.of(
            "bad time zone",
            "digest:\n  time-zone: Mars/Olympus\nfeeds:\n  - url: http://127.0.0.1/a\n",
            "feeds.yml:2: digest.time-zone:"),
        Arguments.of(
            "unset environment variable",
            "mail:\n  smtp:\n    host: \"${DIGEST_TEST_SURELY_UNSET_VAR}\"\nfeeds:\n  - url: http://127.0.0.1/a\n",
            "feeds.yml:3: mail.smtp.host:"),
        Arguments.of(
            "broken YAML",
            "digest:\n  title: [unclosed\nfeeds:\n  - url: http://127.0.0.1/a\n",
            "feeds.yml:"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exitsWithTwoAndNamesLineAndKey(String name, String yaml, String expectedPrefix)
      throws Exception {
    Path file = dir.resolve("feeds.yml");
    Files.writeString(file, yaml);
    for (String command : new String[] {"send", "preview", "serve"}) {
      Cli.Result r = Cli.run(command, "--config", file.toString());
      assertThat(r.code()).as(command + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().strip()).as(command).startsWith(expectedPrefix);
      assertThat(r.err()).as("no stack trace").doesNotContain("\tat ");
    }
  }

  @Test
  void missingFileIsExitTwo() {
    Cli.Result r = Cli.run("send", "--config", dir.resolve("nope.yml").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("nope.yml");
  }
}
