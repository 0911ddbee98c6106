package dev.digest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digest.config.ConfigException;
import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreloadTest {

  @TempDir Path dir;

  private ConfigOption option(Path file) {
    ConfigOption o = new ConfigOption();
    o.file = file;
    return o;
  }

  @Test
  void findsTheConfigFileOfSendAndFeedsCheckOnly() {
    assertThat(Preload.configFile("send")).contains(Path.of("feeds.yml"));
    assertThat(Preload.configFile("send", "--config", "a.yml")).contains(Path.of("a.yml"));
    assertThat(Preload.configFile("send", "--dry-run", "-c", "b.yml")).contains(Path.of("b.yml"));
    assertThat(Preload.configFile("send", "--config=c.yml")).contains(Path.of("c.yml"));
    assertThat(Preload.configFile("send", "-c=d.yml", "--resume")).contains(Path.of("d.yml"));
    assertThat(Preload.configFile("feeds", "check", "-c", "e.yml")).contains(Path.of("e.yml"));
    assertThat(Preload.configFile("send", "--help")).isEmpty();
    assertThat(Preload.configFile("send", "-c", "x.yml", "-V")).isEmpty();
    assertThat(Preload.configFile("send", "--", "x")).isEmpty();
    assertThat(Preload.configFile("feeds", "show", "x")).isEmpty();
    assertThat(Preload.configFile("preview")).isEmpty();
    assertThat(Preload.configFile("serve")).isEmpty();
    assertThat(Preload.configFile()).isEmpty();
  }

  @Test
  void theCommandGetsTheConfigReadAheadForItsFileOnceAndLoadsAnyOtherItself() throws Exception {
    Path file = dir.resolve("feeds.yml");
    Files.writeString(
        file,
        "digest:\n  data-dir: "
            + dir.resolve("data")
            + "\nfeeds:\n  - url: https://example.org/a.xml\n");
    Path other = dir.resolve("other.yml");
    Files.writeString(
        other,
        "digest:\n  data-dir: "
            + dir.resolve("data")
            + "\nfeeds:\n  - url: https://example.org/b.xml\n");
    Preload.start("send", "--config", file.toString());

    assertThat(Preload.config(other)).isEmpty();
    DigestConfig ahead = Preload.load(option(dir.resolve(".").resolve("feeds.yml")));
    assertThat(ahead).isEqualTo(ConfigLoader.load(file));
    assertThat(Preload.config(file)).isEmpty(); // taken once
    assertThat(Preload.load(option(other)).feeds().get(0).url())
        .isEqualTo("https://example.org/b.xml");
    // The file had no database yet: none was created ahead.
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void whatLoadingAheadThrowsIsThrownToTheCommand() throws Exception {
    Path file = dir.resolve("bad.yml");
    Files.writeString(file, "feeds: [\n");
    String expected = null;
    try {
      ConfigLoader.load(file);
    } catch (ConfigException e) {
      expected = e.getMessage();
    }
    assertThat(expected).isNotNull();
    Preload.start("feeds", "check", "-c", file.toString());
    assertThatThrownBy(() -> Preload.load(option(file)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(expected);
    assertThat(Preload.config(file)).isEqualTo(Optional.empty());
  }
}
