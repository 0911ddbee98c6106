package dev.digest.edition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digest.condense.Summary;
import dev.digest.config.DatabaseSettings;
import dev.digest.config.DigestSettings;
import dev.digest.feed.Article;
import dev.digest.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EditionBuilderTest {

  static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

  Database db;
  EditionRepository editions;
  SeenItemRepository seen;

  static DigestSettings settings(int maxArticles, int maxPerFeed) {
    return new DigestSettings(
        "brief",
        "The Brief",
        "http://localhost:8080",
        "0 0 8 ? * MON",
        ZoneId.of("UTC"),
        Duration.ofDays(7),
        maxArticles,
        maxPerFeed,
        "en",
        "",
        Path.of("templates"),
        Path.of("data"));
  }

  static Article article(String feed, String title, String link, Instant published) {
    return new Article(
        "https://" + feed + ".example/feed",
        feed,
        "Tech",
        "",
        title,
        link,
        "Ann",
        published,
        Optional.empty(),
        "<p>" + "word ".repeat(460) + "</p>",
        Optional.empty());
  }

  static final Function<Article, Summary> CONDENSE =
      a ->
          new Summary(
              List.of("Quick about " + a.title()),
              List.of("Take one", "Take two"),
              Summary.Method.SECTIONS);

  @BeforeEach
  void open() {
    db =
        Database.open(
            new DatabaseSettings(
                "jdbc:h2:mem:e" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", ""));
    editions = new EditionRepository(db);
    seen = new SeenItemRepository(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  EditionBuilder builder(DigestSettings settings, Instant now) {
    return new EditionBuilder(settings, CONDENSE, editions, seen, Clock.fixed(now, ZoneOffset.UTC));
  }

  /** Stores the edition as the app will: edition, items and seen keys in one transaction. */
  long store(Edition e) {
    return db.inTransaction(
        c -> {
          long id = editions.insert(c, e, "Subject " + e.number(), "<p>html</p>", "text");
          seen.markSeen(
              c, e.items().stream().map(EditionItem::key).toList(), id, e.builtAt(), e.cadence());
          return id;
        });
  }

  static Article withImage(Article a, String image) {
    return new Article(
        a.feedUrl(),
        a.source(),
        a.category(),
        a.guid(),
        a.title(),
        a.link(),
        a.author(),
        a.published(),
        a.updated(),
        a.contentHtml(),
        Optional.ofNullable(image));
  }

  @Test
  void anItemKeepsTheFeedsImageThroughStorageUnlessImagesAreOff() {
    Article a =
        withImage(
            article("a", "Pictured", "https://a.example/1", NOW.minus(Duration.ofHours(2))),
            "https://cdn.a.example/p/1.jpg");
    Edition e = builder(settings(25, 5), NOW).build(List.of(a));
    assertThat(e.items().get(0).imageUrl()).isEqualTo("https://cdn.a.example/p/1.jpg");
    long id = store(e);
    assertThat(editions.find(id).orElseThrow().edition().items().get(0).imageUrl())
        .isEqualTo("https://cdn.a.example/p/1.jpg");

    DigestSettings s = settings(25, 5);
    DigestSettings off =
        new DigestSettings(
            s.id(),
            s.title(),
            s.baseUrl(),
            s.schedule(),
            s.timeZone(),
            s.window(),
            s.maxArticles(),
            s.maxPerFeed(),
            s.language(),
            s.postalAddress(),
            s.templates(),
            s.dataDir(),
            true,
            false);
    assertThat(
            builder(off, NOW.plus(Duration.ofMinutes(1)))
                .build(
                    List.of(
                        withImage(
                            article(
                                "b",
                                "Also pictured",
                                "https://b.example/1",
                                NOW.plus(Duration.ofSeconds(30))),
                            "https://cdn.b.example/1.jpg")))
                .items())
        .extracting(EditionItem::imageUrl)
        .containsExactly("");
  }

  @Test
  void anImageAMailMustNotLoadIsDropped() {
    for (String bad :
        List.of(
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "file:///etc/passwd",
            "//cdn.example/x.jpg",
            "https:///nohost.jpg",
            "https://a.example/x.jpg\" onerror=\"x",
            "https://a.example/" + "x".repeat(2100),
            "cid:part1")) {
      Article a = withImage(article("a", "T", "https://a.example/1", NOW), bad);
      assertThat(EditionBuilder.thumbnail(a)).as(bad).isEmpty();
    }
    assertThat(
            EditionBuilder.thumbnail(
                withImage(
                    article("a", "T", "https://a.example/1", NOW),
                    "HTTP://a.example/img.png?w=96&h=64")))
        .isEqualTo("HTTP://a.example/img.png?w=96&h=64");
  }

  @Test
  void keepsOnlyArticlesInsideTheWindowNewestFirst() {
    List<Article> in =
        List.of(
            article("a", "Too old", "https://a.example/old", NOW.minus(Duration.ofDays(8))),
            article("a", "Older", "https://a.example/1", NOW.minus(Duration.ofDays(3))),
            article("b", "Newest", "https://b.example/2", NOW.minus(Duration.ofHours(1))),
            article("b", "Future", "https://b.example/3", NOW.plus(Duration.ofHours(1))));
    Edition e = builder(settings(25, 5), NOW).build(in);
    assertThat(e.items()).extracting(EditionItem::title).containsExactly("Newest", "Older");
    assertThat(e.items()).extracting(EditionItem::position).containsExactly(1, 2);
    assertThat(e.number()).isEqualTo(1);
    assertThat(e.windowStart()).isEqualTo(NOW.minus(Duration.ofDays(7)));
    assertThat(e.windowEnd()).isEqualTo(NOW);
    EditionItem first = e.items().get(0);
    assertThat(first.quickSummary()).containsExactly("Quick about Newest");
    assertThat(first.method()).isEqualTo("sections");
    assertThat(first.readingMinutes()).isEqualTo(2);
  }

  @Test
  void neverPutsAnArticleInTwoEditionsAndStartsWhereTheLastEnded() {
    Article a1 = article("a", "First story", "https://a.example/1", NOW.minus(Duration.ofDays(2)));
    Edition first = builder(settings(25, 5), NOW).build(List.of(a1));
    long id = store(first);
    assertThat(first.items()).hasSize(1);

    Instant later = NOW.plus(Duration.ofDays(7));
    // The same article again (tracking variant of its link), one published before the last
    // edition's end that the feed only carried now, and a new one.
    Article again =
        article(
            "b",
            "First story",
            "https://A.example/1/?utm_source=rss#top",
            NOW.minus(Duration.ofDays(2)));
    Article late =
        article("a", "Late arrival", "https://a.example/late", NOW.minus(Duration.ofHours(3)));
    Article fresh =
        article("a", "Second story", "https://a.example/2", later.minus(Duration.ofDays(1)));
    Edition second = builder(settings(25, 5), later).build(List.of(again, late, fresh));
    assertThat(second.number()).isEqualTo(2);
    assertThat(second.windowStart()).isEqualTo(NOW);
    assertThat(second.items()).extracting(EditionItem::title).containsExactly("Second story");
    assertThat(editions.find(id)).isPresent();
  }

  @Test
  void seenItemsAreDroppedEvenInsideTheWindow() {
    Article a1 = article("a", "Story", "https://a.example/1", NOW.minus(Duration.ofDays(1)));
    db.inTransaction(
        c -> {
          seen.markSeen(c, List.of(ItemKeys.of(a1)), 0, NOW, "weekly");
          return null;
        });
    assertThat(builder(settings(25, 5), NOW).build(List.of(a1)).items()).isEmpty();
  }

  @Test
  void selectionIsUnseenInsideTheWindowNewestFirst() {
    Article sent =
        article("a", "Sent", "https://a.example/1?utm_source=x", NOW.minus(Duration.ofDays(1)));
    Article fresh1 =
        article("a", "Fresh one", "https://a.example/2", NOW.minus(Duration.ofDays(2)));
    Article fresh2 =
        article("b", "Fresh two", "https://b.example/3", NOW.minus(Duration.ofHours(3)));
    db.inTransaction(
        c -> {
          seen.markSeen(
              c,
              List.of(ItemKeys.of(article("b", "Sent", "https://A.example/1", NOW))),
              0,
              NOW,
              "weekly");
          return null;
        });
    // The same story under a tracking parameter and another host case is the same key.
    EditionBuilder.Selection s =
        builder(settings(25, 5), NOW).select(List.of(fresh1, sent, fresh2));
    assertThat(s.articles()).containsExactly(fresh2, fresh1);
    assertThat(s.candidates()).isEqualTo(3);
    assertThat(builder(settings(25, 5), NOW).select(List.of()).articles()).isEmpty();
    // Older than the window: no edition can take it.
    Article old = article("a", "Old", "https://a.example/old", NOW.minus(Duration.ofDays(30)));
    assertThat(builder(settings(25, 5), NOW).select(List.of(old, fresh2)).articles())
        .containsExactly(fresh2);
  }

  @Test
  void buildCondensesThePreparedArticlesOfTheSelectionKeepingItsSources() {
    Article first =
        article("a", "Shared story", "https://a.example/s", NOW.minus(Duration.ofHours(2)));
    Article mirror =
        article("b", "Shared story", "https://b.example/s", NOW.minus(Duration.ofHours(3)));
    EditionBuilder b = builder(settings(25, 5), NOW);
    EditionBuilder.Selection s = b.select(List.of(mirror, first));
    assertThat(s.articles()).containsExactly(first);
    Article prepared = first.withContent("<p>prepared body</p>");
    Edition e = b.build(s, List.of(prepared));
    assertThat(e.items()).hasSize(1);
    // The other feed's copy survives selection as "also in", and the prepared body is the one
    // measured (3 words: 1 minute; the raw body's 460 words would be 2).
    assertThat(e.items().get(0).alsoIn()).containsExactly(mirror.source());
    assertThat(e.items().get(0).readingMinutes()).isEqualTo(1);
    assertThat(e.number()).isEqualTo(s.number());
    assertThatThrownBy(() -> b.build(s, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prepared 0 articles for 1 picked");
  }

  @Test
  void capsPerFeedAndInAll() {
    List<Article> in = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      in.add(
          article(
              "a",
              "A story " + i + " about apples",
              "https://a.example/" + i,
              NOW.minus(Duration.ofHours(i + 1))));
      in.add(
          article(
              "b",
              "B story " + i + " about bananas",
              "https://b.example/" + i,
              NOW.minus(Duration.ofMinutes(i * 60 + 30))));
    }
    Edition e = builder(settings(25, 2), NOW).build(in);
    assertThat(e.items()).extracting(EditionItem::source).containsExactly("b", "a", "b", "a");
    Edition small = builder(settings(3, 5), NOW).build(in);
    assertThat(small.items()).hasSize(3);
  }

  @Test
  void dedupsTrackingAndFragmentVariantsAndListsTheOtherSources() {
    Instant t = NOW.minus(Duration.ofHours(2));
    List<Article> in =
        List.of(
            article(
                "alpha", "Rust 2.0 released", "https://news.example/rust-2?utm_source=alpha", t),
            article(
                "beta",
                "Rust 2.0 is out now",
                "https://NEWS.example/rust-2/#comments",
                t.minus(Duration.ofMinutes(5))),
            article(
                "gamma",
                "Different",
                "https://news.example/other?fbclid=zz",
                t.minus(Duration.ofMinutes(9))));
    Edition e = builder(settings(25, 5), NOW).build(in);
    assertThat(e.items()).hasSize(2);
    EditionItem first = e.items().get(0);
    assertThat(first.source()).isEqualTo("alpha");
    assertThat(first.key()).isEqualTo("https://news.example/rust-2");
    assertThat(first.alsoIn()).containsExactly("beta");
    assertThat(e.items().get(1).key()).isEqualTo("https://news.example/other");
  }

  @Test
  void dedupsNearIdenticalTitlesUnderDifferentLinks() {
    Instant t = NOW.minus(Duration.ofHours(2));
    String long1 = "The quick brown fox jumps over the lazy dog near the old river bank today";
    String long2 = "The quick brown fox jumps over the lazy dog near the old river bank, today!";
    List<Article> in =
        List.of(
            article("one", long1, "https://one.example/fox", t),
            article("two", long2, "https://two.example/fox-story", t.minus(Duration.ofMinutes(1))),
            article(
                "three",
                "THE QUICK BROWN FOX: jumps over the lazy dog near the old river bank today",
                "https://three.example/x",
                t.minus(Duration.ofMinutes(2))),
            article(
                "four",
                "A quick brown fox did something else entirely",
                "https://four.example/y",
                t.minus(Duration.ofMinutes(3))));
    Edition e = builder(settings(25, 5), NOW).build(in);
    assertThat(e.items()).extracting(EditionItem::source).containsExactly("one", "four");
    assertThat(e.items().get(0).alsoIn()).containsExactly("two", "three");
  }

  /**
   * Once the edition is full no later story is taken, but an older copy of a taken one still names
   * its feed, and a copy of a story left out for its feed's share is still not taken in its place.
   */
  @Test
  void aFullEditionStillListsTheOtherSourcesOfItsItems() {
    Instant t = NOW.minus(Duration.ofHours(1));
    String fox = "The quick brown fox jumps over the lazy dog near the old river bank today";
    List<Article> in =
        List.of(
            article("one", fox, "https://one.example/fox", t),
            article(
                "one",
                "Apples are cheap this year",
                "https://one.example/apples",
                t.minusSeconds(60)),
            article(
                "two",
                "Pears are dear this year",
                "https://two.example/pears",
                t.minusSeconds(120)),
            article(
                "three",
                "Plums have a late season",
                "https://three.example/plums",
                t.minusSeconds(180)),
            article(
                "four",
                "Apples are cheap this year!",
                "https://four.example/apples",
                t.minusSeconds(240)),
            article("five", fox + "!", "https://five.example/fox", t.minusSeconds(300)));
    Edition e = builder(settings(3, 1), NOW).build(in);
    assertThat(e.items()).extracting(EditionItem::source).containsExactly("one", "two", "three");
    assertThat(e.items().get(0).alsoIn()).containsExactly("five");
  }

  @Test
  void storedEditionRoundTripsItemsAndBodies() {
    Article a1 = article("a", "Story", "https://a.example/1", NOW.minus(Duration.ofDays(1)));
    Article a2 = article("b", "Story", "https://b.example/1", NOW.minus(Duration.ofDays(2)));
    Edition e = builder(settings(25, 5), NOW).build(List.of(a1, a2));
    long id = store(e);
    StoredEdition s = editions.find(id).orElseThrow();
    assertThat(s.status()).isEqualTo(StoredEdition.SENDING);
    assertThat(s.subject()).isEqualTo("Subject 1");
    assertThat(s.html()).isEqualTo("<p>html</p>");
    assertThat(s.edition().items()).isEqualTo(e.items());
    assertThat(s.edition().items().get(0).alsoIn()).containsExactly("b");
    assertThat(editions.unfinished("brief")).extracting(StoredEdition::id).containsExactly(id);
    editions.markSent(id);
    assertThat(editions.unfinished("brief")).isEmpty();
    assertThat(editions.latest("brief").orElseThrow().finished()).isTrue();
    assertThat(editions.list("brief")).hasSize(1);
    assertThat(editions.latest("other")).isEmpty();
  }

  @Test
  void readingMinutes() {
    assertThat(EditionBuilder.readingMinutes("")).isEqualTo(1);
    assertThat(EditionBuilder.readingMinutes("<p>a few words</p>")).isEqualTo(1);
    assertThat(
            EditionBuilder.readingMinutes("<div>" + "w ".repeat(2300) + "</div><script>x</script>"))
        .isEqualTo(10);
  }
}
