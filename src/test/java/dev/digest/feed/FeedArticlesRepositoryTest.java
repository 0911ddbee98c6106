package dev.digest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.http.Validators;
import dev.digest.store.Database;
import dev.digest.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FeedArticlesRepositoryTest {

  @Test
  void keepsTheLastGoodArticlesOfEachFeedExactly() {
    try (Database db = TestDatabase.h2().open()) {
      FeedArticlesRepository repo = new FeedArticlesRepository(db);
      Article full =
          new Article(
              "http://f/x.xml",
              "Src",
              "Cat",
              "g1",
              "Tï<tle> & \"q\"",
              "http://f/1",
              "Ann",
              Instant.parse("2026-11-20T10:00:00Z"),
              Optional.of(Instant.parse("2026-11-21T10:00:00Z")),
              "<p>Body ✓</p>",
              Optional.of("http://f/i.png"));
      Article bare =
          new Article(
              "http://f/x.xml",
              "",
              "",
              "",
              "Two",
              "http://f/2",
              "",
              Instant.parse("2026-11-19T10:00:00Z"),
              Optional.empty(),
              "",
              Optional.empty());
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
    try (Database db = TestDatabase.h2().open()) {
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

  /**
   * A 304's cached articles are read only when the newest of them can still enter the next edition;
   * rows from before the newest date was kept are read whole.
   */
  private static void skipsCachesOlderThanTheWindow(Database db) {
    FeedArticlesRepository repo = new FeedArticlesRepository(db);
    Instant fetched = Instant.parse("2026-11-25T12:00:00Z");
    Article a = article("a", fetched.minus(java.time.Duration.ofDays(3)));
    Article b = article("b", fetched.minus(java.time.Duration.ofDays(1)));
    repo.save("http://f/x.xml", "rss-2.0", List.of(a, b), fetched);
    Instant newest = b.published();
    assertThat(repo.find("http://f/x.xml", newest.plusSeconds(1)).orElseThrow().articles())
        .isEmpty();
    assertThat(repo.find("http://f/x.xml", newest.plusSeconds(1)).orElseThrow().format())
        .isEqualTo("rss-2.0");
    // Both are returned once one can be taken: the edition's selection drops the older itself.
    assertThat(repo.find("http://f/x.xml", newest).orElseThrow().articles()).containsExactly(a, b);
    repo.save("http://f/empty.xml", "atom-1.0", List.of(), fetched);
    assertThat(
            repo.find("http://f/empty.xml", Instant.EPOCH.plusSeconds(1)).orElseThrow().articles())
        .isEmpty();
    // The same answer for all feeds at once: which of them find would read articles for.
    assertThat(repo.feedsWithArticlesSince(newest)).containsExactly("http://f/x.xml");
    assertThat(repo.feedsWithArticlesSince(newest.plusSeconds(1))).isEmpty();
    db.withConnection(
        c -> c.createStatement().executeUpdate("UPDATE feed_articles SET newest_published = NULL"));
    assertThat(repo.find("http://f/x.xml", newest.plusSeconds(1)).orElseThrow().articles())
        .containsExactly(a, b);
    assertThat(repo.feedsWithArticlesSince(newest.plusSeconds(1)))
        .containsExactlyInAnyOrder("http://f/x.xml", "http://f/empty.xml");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.Kind.class)
  void skipsCachesOlderThanTheWindowOn(TestDatabase.Kind kind) {
    try (TestDatabase t = TestDatabase.of(kind);
        Database db = t.open()) {
      skipsCachesOlderThanTheWindow(db);
    }
  }

  private static Article article(String guid, Instant published) {
    return new Article(
        "http://f/x.xml",
        "Src",
        "",
        guid,
        guid,
        "http://f/" + guid,
        "",
        published,
        Optional.empty(),
        "<p>" + guid + "</p>",
        Optional.empty());
  }

  /** Fifty articles of 20 KB of markup each, as a full-text feed gives them. */
  private static List<Article> large() {
    List<Article> out = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String body =
          ("<p>Paragraph "
                  + i
                  + " of an article about Zürich, 東京 and Ελλάδα — with"
                  + " <a href=\"https://example.org/"
                  + i
                  + "\">a link</a>.</p>\n")
              .repeat(200);
      out.add(
          new Article(
              "http://f/big.xml",
              "Big",
              "",
              "g" + i,
              "Title " + i,
              "https://example.org/a/" + i,
              "",
              Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i),
              Optional.empty(),
              body,
              Optional.empty()));
    }
    return out;
  }

  private static void roundTripsLargeFeedsDeflated(Database db) {
    FeedArticlesRepository repo = new FeedArticlesRepository(db);
    List<Article> articles = large();
    repo.save("http://f/big.xml", "rss-2.0", articles, Instant.parse("2026-11-21T00:00:00Z"));
    assertThat(repo.find("http://f/big.xml").orElseThrow().articles())
        .containsExactlyElementsOf(articles);
    int stored =
        db.withConnection(
            c -> {
              try (java.sql.ResultSet rs =
                  c.createStatement()
                      .executeQuery(
                          "SELECT articles FROM feed_articles WHERE feed_url = 'http://f/big.xml'")) {
                rs.next();
                return rs.getBytes(1).length;
              }
            });
    long text =
        articles.stream()
            .mapToLong(
                a -> a.contentHtml().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
            .sum();
    // Repetitive markup deflates far below a fifth; the bound only says it is not stored as text.
    assertThat((long) stored).isPositive().isLessThan(text / 5);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.Kind.class)
  void largeFeedsAreStoredDeflatedAndReadBackExactlyOn(TestDatabase.Kind kind) {
    try (TestDatabase t = TestDatabase.of(kind);
        Database db = t.open()) {
      roundTripsLargeFeedsDeflated(db);
    }
  }

  @Test
  void theMigrationToDeflatedArticlesDropsTheValidatorsWithTheCache() {
    TestDatabase h2 = TestDatabase.h2();
    // A database as the previous version left it: articles as text, a feed with its validators.
    javax.sql.DataSource ds = new org.h2.jdbcx.JdbcDataSource();
    ((org.h2.jdbcx.JdbcDataSource) ds).setURL(h2.url());
    org.flywaydb.core.Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration/common", "classpath:db/migration/h2")
        .target("6")
        .load()
        .migrate();
    try (java.sql.Connection c = ds.getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO feed_state (feed_url, etag, last_modified, last_status,"
              + " items_last_fetch, consecutive_failures, moved_seen)"
              + " VALUES ('http://f/x.xml', '\"v1\"', 'Tue, 01 Dec 2026 10:00:00 GMT', 200, 2, 0, 0)");
      st.execute(
          "INSERT INTO feed_articles (feed_url, format, articles, saved_at)"
              + " VALUES ('http://f/x.xml', 'rss-2.0', '[]', CURRENT_TIMESTAMP)");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    try (Database db = h2.open()) {
      FeedState state = new FeedStateRepository(db).find("http://f/x.xml").orElseThrow();
      // No validators: the next fetch is a 200 whose articles are stored again, never a 304 that
      // would stand for articles no longer cached.
      assertThat(state.validators()).isEqualTo(Validators.NONE);
      assertThat(state.itemsLastFetch()).isEqualTo(2);
      assertThat(new FeedArticlesRepository(db).find("http://f/x.xml")).isEmpty();
    }
  }
}
