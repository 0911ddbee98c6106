package dev.digest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.DatabaseSettings;
import dev.digest.store.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FeedArticlesRepositoryTest {

  @Test
  void keepsTheLastGoodArticlesOfEachFeedExactly() {
    try (Database db =
        Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", ""))) {
      FeedArticlesRepository repo = new FeedArticlesRepository(db);
      Article full =
          new Article("http://f/x.xml", "Src", "Cat", "g1", "Tï<tle> & \"q\"", "http://f/1", "Ann",
              Instant.parse("2026-11-20T10:00:00Z"), Optional.of(Instant.parse("2026-11-21T10:00:00Z")),
              "<p>Body ✓</p>", Optional.of("http://f/i.png"));
      Article bare =
          new Article("http://f/x.xml", "", "", "", "Two", "http://f/2", "",
              Instant.parse("2026-11-19T10:00:00Z"), Optional.empty(), "", Optional.empty());
      assertThat(repo.find("http://f/x.xml")).isEmpty();
      repo.save("http://f/x.xml", "rss-2.0", List.of(full, bare), Instant.now());
      assertThat(repo.find("http://f/x.xml").orElseThrow().articles()).containsExactly(full, bare);
      repo.save("http://f/x.xml", "atom-1.0", List.of(bare), Instant.now());
      FeedArticlesRepository.Cached c = repo.find("http://f/x.xml").orElseThrow();
      assertThat(c.format()).isEqualTo("atom-1.0");
      assertThat(c.articles()).containsExactly(bare);
    }
  }

  @Test
  void keepsOnlyWhatAnEditionCanStillTakeInsideTheWindow() {
    try (Database db =
        Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", ""))) {
      FeedArticlesRepository repo = new FeedArticlesRepository(db, java.time.Duration.ofDays(7));
      Instant fetched = Instant.parse("2026-11-25T12:00:00Z");
      Article fresh = article("new", fetched.minus(java.time.Duration.ofDays(6)));
      Article edge = article("edge", fetched.minus(java.time.Duration.ofDays(7)));
      Article old = article("old", fetched.minus(java.time.Duration.ofDays(8)));
      repo.save("http://f/x.xml", "rss-2.0", List.of(fresh, old, edge), fetched);
      assertThat(repo.find("http://f/x.xml").orElseThrow().articles()).containsExactly(fresh, edge);
      repo.save("http://f/x.xml", "rss-2.0", List.of(old), fetched);
      assertThat(repo.find("http://f/x.xml").orElseThrow().articles()).isEmpty();
    }
  }

  private static Article article(String guid, Instant published) {
    return new Article("http://f/x.xml", "Src", "", guid, guid, "http://f/" + guid, "",
        published, Optional.empty(), "<p>" + guid + "</p>", Optional.empty());
  }
}
