package dev.digest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.DatabaseSettings;
import dev.digest.store.Database;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeedStateRepositoryTest {

  private final Database db = Database.open(new DatabaseSettings(
      "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", ""));
  private final FeedStateRepository repo = new FeedStateRepository(db);

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void unknownFeedHasNoState() {
    assertThat(repo.find("https://example.org/none")).isEmpty();
  }

  @Test
  void savesThenReplacesEveryColumn() {
    Instant t = Instant.parse("2026-03-03T12:00:00Z");
    FeedState first = new FeedState("https://example.org/feed", Optional.of("\"e1\""),
        Optional.of("Mon, 02 Mar 2026 10:00:00 GMT"), 200, Optional.empty(), Optional.of(t),
        Optional.of(t), 7, 0, Optional.empty(), Optional.empty(), 0);
    repo.save(first);
    assertThat(repo.find(first.feedUrl())).contains(first);

    FeedState second = new FeedState(first.feedUrl(), Optional.empty(), Optional.empty(), 503,
        Optional.of("HTTP 503"), Optional.of(t.plusSeconds(60)), Optional.of(t), 7, 2,
        Optional.of(t.plusSeconds(600)), Optional.of("https://example.org/new"), 2);
    repo.save(second);
    assertThat(repo.find(first.feedUrl())).contains(second);
    assertThat(repo.findAll()).containsExactly(second);
  }

  @Test
  void overlongValuesAreTruncatedNotRejected() {
    String error = "x".repeat(5000);
    repo.save(new FeedState("https://example.org/long", Optional.empty(), Optional.empty(), 0,
        Optional.of(error), Optional.empty(), Optional.empty(), 0, 1, Optional.empty(),
        Optional.empty(), 0));
    assertThat(repo.find("https://example.org/long").orElseThrow().lastError().orElseThrow())
        .hasSize(2000);
  }
}
