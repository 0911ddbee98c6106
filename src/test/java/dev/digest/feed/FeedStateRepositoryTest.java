package dev.digest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.store.Database;
import dev.digest.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeedStateRepositoryTest {

  private final Database db = TestDatabase.h2().open();
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
    FeedState first =
        new FeedState(
            "https://example.org/feed",
            Optional.of("\"e1\""),
            Optional.of("Mon, 02 Mar 2026 10:00:00 GMT"),
            200,
            Optional.empty(),
            Optional.of(t),
            Optional.of(t),
            7,
            0,
            Optional.empty(),
            Optional.empty(),
            0);
    repo.save(first);
    assertThat(repo.find(first.feedUrl())).contains(first);

    FeedState second =
        new FeedState(
            first.feedUrl(),
            Optional.empty(),
            Optional.empty(),
            503,
            Optional.of("HTTP 503"),
            Optional.of(t.plusSeconds(60)),
            Optional.of(t),
            7,
            2,
            Optional.of(t.plusSeconds(600)),
            Optional.of("https://example.org/new"),
            2);
    repo.save(second);
    assertThat(repo.find(first.feedUrl())).contains(second);
    assertThat(repo.findAll()).containsExactly(second);
  }

  private static FeedState state(String url, int status, Instant t) {
    return new FeedState(
        url,
        Optional.of("\"" + status + "\""),
        Optional.empty(),
        status,
        Optional.empty(),
        Optional.of(t),
        Optional.of(t),
        status % 10,
        0,
        Optional.empty(),
        Optional.empty(),
        0);
  }

  @Test
  void saveAllUpdatesFoundRowsInsertsTheOthersAndTheLaterOfTwoForOneUrlWins() {
    Instant t = Instant.parse("2026-03-03T12:00:00Z");
    FeedState oldA = state("https://a.example/feed", 200, t);
    FeedState oldB = state("https://b.example/feed", 200, t);
    repo.save(oldA);
    repo.save(oldB);
    Instant later = t.plusSeconds(3600);
    FeedState a = state("https://a.example/feed", 304, later);
    FeedState c1 = state("https://c.example/feed", 200, later);
    FeedState c2 = state("https://c.example/feed", 503, later.plusSeconds(1));
    FeedState d = state("https://d.example/feed", 201, later);
    repo.saveAll(
        List.of(
            new FeedStateRepository.Update(a, Optional.empty()),
            new FeedStateRepository.Update(c1, Optional.empty()),
            new FeedStateRepository.Update(d, Optional.empty()),
            new FeedStateRepository.Update(c2, Optional.empty())),
        Optional.empty());
    assertThat(repo.findAll()).containsExactly(a, oldB, c2, d);
  }

  @Test
  void overlongValuesAreTruncatedNotRejected() {
    String error = "x".repeat(5000);
    repo.save(
        new FeedState(
            "https://example.org/long",
            Optional.empty(),
            Optional.empty(),
            0,
            Optional.of(error),
            Optional.empty(),
            Optional.empty(),
            0,
            1,
            Optional.empty(),
            Optional.empty(),
            0));
    assertThat(repo.find("https://example.org/long").orElseThrow().lastError().orElseThrow())
        .hasSize(2000);
  }
}
