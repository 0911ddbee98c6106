package dev.digest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code feeds.d/*.yml} beside feeds.yml: read in name order, errors naming the included file. */
class IncludedFeedsTest {

  @TempDir Path dir;

  private Path write(String name, String yaml) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void feedsOfIncludedFilesFollowThoseOfFeedsYmlInNameOrder() throws Exception {
    Path config = write("feeds.yml", "feeds:\n  - url: https://example.org/a.xml\n");
    write("feeds.d/b.yml", "feeds:\n  - url: https://example.org/c.xml\n    category: Later\n");
    write(
        "feeds.d/a.yml",
        "feeds:\n  - url: https://example.org/b.xml\n    name: Bee\n    category: News\n"
            + "    site: https://example.org/\n");
    write("feeds.d/.tmp-half.yml", "feeds:\n  - url: [broken\n");
    write("feeds.d/notes.txt", "not yaml at all: [");

    DigestConfig loaded = ConfigLoader.load(config, Map.of());

    assertThat(loaded.feeds())
        .extracting(FeedSettings::url, FeedSettings::name, FeedSettings::category)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("https://example.org/a.xml", "", ""),
            org.assertj.core.groups.Tuple.tuple("https://example.org/b.xml", "Bee", "News"),
            org.assertj.core.groups.Tuple.tuple("https://example.org/c.xml", "", "Later"));
    assertThat(loaded.feeds().get(1).site()).isEqualTo("https://example.org/");
  }

  @Test
  void feedsYmlMayLeaveEveryFeedToIncludedFiles() throws Exception {
    Path config = write("feeds.yml", "digest:\n  title: Only included\n");
    write("feeds.d/imported.yml", "feeds:\n  - url: https://example.org/a.xml\n");

    assertThat(ConfigLoader.load(config, Map.of()).feeds()).hasSize(1);
  }

  @Test
  void aBadKeyInAnIncludedFileNamesThatFileAndLine() throws Exception {
    Path config = write("feeds.yml", "feeds:\n  - url: https://example.org/a.xml\n");
    write("feeds.d/imported.yml", "feeds:\n  - url: https://example.org/b.xml\n    nmae: Typo\n");

    assertThatThrownBy(() -> ConfigLoader.load(config, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("feeds.d/imported.yml:3")
        .hasMessageContaining("nmae");
  }

  @Test
  void anIncludedFileMayHoldNothingButFeeds() throws Exception {
    Path config = write("feeds.yml", "feeds:\n  - url: https://example.org/a.xml\n");
    write("feeds.d/extra.yml", "digest:\n  title: Sneaky\n");

    assertThatThrownBy(() -> ConfigLoader.load(config, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("feeds.d/extra.yml:1")
        .hasMessageContaining("digest");
  }

  @Test
  void brokenYamlInAnIncludedFileNamesThatFile() throws Exception {
    Path config = write("feeds.yml", "feeds:\n  - url: https://example.org/a.xml\n");
    write("feeds.d/imported.yml", "feeds:\n  - url: \"https://example.org/b.xml\n");

    assertThatThrownBy(() -> ConfigLoader.load(config, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("feeds.d/imported.yml");
  }

  @Test
  void theSameFeedInTwoFilesIsRefusedNamingBothPlaces() throws Exception {
    Path config = write("feeds.yml", "feeds:\n  - url: https://Example.org/a.xml\n");
    write(
        "feeds.d/imported.yml",
        "feeds:\n  - url: https://b.example.org/\n  - url: https://example.org/a.xml\n");

    assertThatThrownBy(() -> ConfigLoader.load(config, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("feeds.d/imported.yml:3")
        .hasMessageContaining("duplicate feed URL")
        .hasMessageContaining("(feeds.yml line 2)");
  }
}
