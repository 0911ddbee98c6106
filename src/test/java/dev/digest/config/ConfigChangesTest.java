package dev.digest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigChangesTest {

  @TempDir Path dir;

  private DigestConfig load(String yaml) throws Exception {
    Path f = dir.resolve("feeds.yml");
    Files.writeString(f, yaml);
    return ConfigLoader.load(f, Map.of());
  }

  private static final String FEEDS =
      "feeds:\n  - { url: \"https://a.example/feed\", category: News }\n";

  @Test
  void namesEachChangedKeyAsTheFileWritesIt() throws Exception {
    DigestConfig before =
        load("digest: { id: brief, title: A }\nmail: { from: brief@example.org }\n" + FEEDS);
    DigestConfig after =
        load(
            """
            digest: { id: brief, title: B, max-articles: 9 }
            mail: { from: brief@example.org, smtp: { host: smtp.example.org }, rate-per-second: 5 }
            fetch: { per-host: 3 }
            condense: { mode: llm, endpoint: "http://127.0.0.1:1/v1", model: m, token-budget: 10 }
            """
                + FEEDS);

    assertThat(ConfigChanges.between(before, after))
        .containsExactly(
            "digest.title",
            "digest.max-articles",
            "mail.smtp.host",
            "mail.rate-per-second",
            "fetch.per-host",
            "condense.mode");
    // Every name is a key of the file, so the operator can find it.
    assertThat(ConfigChanges.between(before, after))
        .allSatisfy(k -> assertThat(ConfigLoader.knownKeys()).contains(k));
  }

  @Test
  void theModelsKeysSitUnderCondense() throws Exception {
    String llm =
        "condense: { mode: llm, endpoint: \"http://127.0.0.1:1/v1\", model: m, budget: %d }\n";
    assertThat(
            ConfigChanges.between(load(llm.formatted(5) + FEEDS), load(llm.formatted(6) + FEEDS)))
        .containsExactly("condense.budget");
  }

  @Test
  void aFeedListChangeIsOneKeyAndMovingAFeedDownTheFileIsNone() throws Exception {
    DigestConfig one = load(FEEDS);
    DigestConfig moved = load("# a comment above\n\n" + FEEDS);
    DigestConfig two = load(FEEDS + "  - url: \"https://b.example/feed\"\n");
    DigestConfig recategorized = load(FEEDS.replace("News", "Local"));

    assertThat(ConfigChanges.between(one, moved)).isEmpty();
    assertThat(ConfigChanges.between(one, two)).containsExactly("feeds");
    assertThat(ConfigChanges.between(one, recategorized)).containsExactly("feeds");
    // The site link (written by `feeds import`, shown on the archive) is a feed key too.
    DigestConfig withSite =
        load(FEEDS.replace("category: News", "category: News, site: \"https://a.example/\""));
    assertThat(withSite.feeds().get(0).site()).isEqualTo("https://a.example/");
    assertThat(ConfigChanges.between(one, withSite)).containsExactly("feeds");
  }

  @Test
  void feedsScheduleAndFetchAreHotTheRestNeedsARestart() {
    assertThat(ConfigChanges.hot("feeds")).isTrue();
    assertThat(ConfigChanges.hot("digest.schedule")).isTrue();
    assertThat(ConfigChanges.hot("digest.time-zone")).isTrue();
    assertThat(ConfigChanges.hot("fetch.per-host")).isTrue();
    assertThat(ConfigChanges.hot("digest.title")).isFalse();
    assertThat(ConfigChanges.hot("mail.smtp.host")).isFalse();
    assertThat(ConfigChanges.hot("database.url")).isFalse();
    assertThat(ConfigChanges.hot("fetchx")).isFalse();
  }
}
