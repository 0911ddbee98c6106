package dev.digest.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.app.DigestApp;
import dev.digest.config.ConfigLoader;
import dev.digest.edition.Edition;
import dev.digest.edition.EditionItem;
import dev.digest.feed.Article;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * feeds.yml with condense.mode: llm, through the app's edition builder: the budget is per build.
 */
class LlmEditionTest {

  @TempDir Path dir;

  @Test
  void eachEditionBuildHasItsOwnBudgetAndTheCacheSpansBuilds() throws Exception {
    try (ChatServer server = new ChatServer()) {
      Path file = dir.resolve("feeds.yml");
      Files.writeString(
          file,
          """
          digest: { title: Test Brief, data-dir: data }
          mail:
            smtp: { host: 127.0.0.1, port: 9, security: none }
          database: { url: "jdbc:h2:mem:%s;DB_CLOSE_DELAY=-1" }
          condense:
            mode: llm
            endpoint: %s
            model: test-model
            api-key: "${TEST_LLM_KEY}"
            timeout: 5s
            budget: 1
          feeds:
            - url: http://127.0.0.1:9/feed.xml
          """
              .formatted(UUID.randomUUID(), server.base()));
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      List<Article> articles =
          List.of(article(1, now.minusSeconds(60)), article(2, now.minusSeconds(120)));

      try (DigestApp app =
          DigestApp.open(
              ConfigLoader.load(file, java.util.Map.of("TEST_LLM_KEY", "sk-env-key")),
              Clock.systemUTC(),
              0)) {
        Edition first = app.editionBuilder().build(articles);
        assertThat(first.items())
            .extracting(EditionItem::method)
            .containsExactly("llm", "extractive");
        assertThat(server.count()).isEqualTo(1);
        assertThat(server.requests.get(0).authorization()).isEqualTo("Bearer sk-env-key");

        // a new build: a fresh budget of 1 for the article not yet condensed, the first is cached
        Edition second = app.editionBuilder().build(articles);
        assertThat(second.items()).extracting(EditionItem::method).containsExactly("llm", "llm");
        assertThat(server.count()).isEqualTo(2);
      }
    }
  }

  private static Article article(int n, Instant published) {
    return new Article(
        "http://127.0.0.1:9/feed.xml",
        "Test",
        "",
        "",
        "Tidal power " + n,
        "https://example.org/" + n,
        "",
        published,
        Optional.empty(),
        LlmCondenserTest.article(n),
        Optional.empty());
  }
}
