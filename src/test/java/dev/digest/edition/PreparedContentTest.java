package dev.digest.edition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.condense.Condenser;
import dev.digest.config.DatabaseSettings;
import dev.digest.extract.CleanContent;
import dev.digest.extract.HtmlSanitizer;
import dev.digest.extract.PreparedArticle;
import dev.digest.feed.Article;
import dev.digest.store.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The edition reads the extract stage's clean result (issue 16): it condenses the handed-on
 * document and takes the reading time from the handed-on word count, instead of parsing the
 * article's HTML again; and the items come out as they did when it parsed.
 */
class PreparedContentTest {

  private static final Path CONDENSE_FIXTURES = Path.of("src/test/resources/dev/digest/condense");

  Database db;
  EditionRepository editions;
  SeenItemRepository seen;

  @BeforeEach
  void open() {
    db =
        Database.open(
            new DatabaseSettings(
                "jdbc:h2:mem:p" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", ""));
    editions = new EditionRepository(db);
    seen = new SeenItemRepository(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  EditionBuilder builder() {
    return new EditionBuilder(
        EditionBuilderTest.settings(25, 5),
        new Condenser(),
        editions,
        seen,
        Clock.fixed(EditionBuilderTest.NOW, ZoneOffset.UTC));
  }

  /** One feed per article and distinct titles: selection keeps every one. */
  static Article article(String name, String html) {
    return new Article(
        "https://" + name + ".example/feed",
        name,
        "Tech",
        "",
        "The " + name + " story",
        "https://" + name + ".example/story",
        "Ann",
        EditionBuilderTest.NOW.minus(Duration.ofHours(1)),
        Optional.empty(),
        html,
        Optional.empty());
  }

  @Test
  void theReadingTimeIsTheHandedOnCountNotARecount() {
    String html = "<p>three short words</p>";
    Article a = article("one", html);
    EditionBuilder b = builder();
    EditionBuilder.Selection s = b.select(List.of(a));
    // A count that a parse of the HTML would not give: had the builder parsed again, 1 minute.
    PreparedArticle handedOn =
        new PreparedArticle(a, false, new CleanContent(html, Jsoup.parse(html), 2300));
    assertThat(b.buildPrepared(s, List.of(handedOn)).items().get(0).readingMinutes()).isEqualTo(10);
    assertThat(b.build(s, List.of(a)).items().get(0).readingMinutes()).isEqualTo(1);
  }

  @Test
  void theCondenserReadsTheHandedOnDocumentNotTheHtml() throws IOException {
    String html = "<p>Only a teaser, with nothing of the author's lists in it at all.</p>";
    Article a = article("one", html);
    EditionBuilder b = builder();
    EditionBuilder.Selection s = b.select(List.of(a));
    // A document other than the HTML's: had the builder parsed the HTML, it would condense that.
    String full =
        Files.readString(CONDENSE_FIXTURES.resolve("html-h2-list.html"), StandardCharsets.UTF_8);
    PreparedArticle handedOn =
        new PreparedArticle(a, false, new CleanContent(html, Jsoup.parse(full), 12));
    EditionItem item = b.buildPrepared(s, List.of(handedOn)).items().get(0);
    assertThat(item.method()).isEqualTo("sections");
    assertThat(item.takeaways()).contains("Parking on Main Street drops by 40 spaces.");
    assertThat(b.build(s, List.of(a)).items().get(0).method()).isEqualTo("extractive");
  }

  @Test
  void itemsFromTheCleanResultAreThoseOfParsingTheSanitizedHtml() throws IOException {
    HtmlSanitizer sanitizer = new HtmlSanitizer();
    List<Article> raw = new ArrayList<>();
    try (Stream<Path> files = Files.list(CONDENSE_FIXTURES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".html")).sorted().toList()) {
        String name = f.getFileName().toString().replace(".html", "");
        raw.add(article(name, Files.readString(f, StandardCharsets.UTF_8)));
      }
    }
    EditionBuilder b = builder();
    EditionBuilder.Selection s = b.select(raw);
    assertThat(s.articles()).hasSize(raw.size());
    List<PreparedArticle> cleaned = new ArrayList<>();
    List<Article> sanitized = new ArrayList<>();
    for (Article a : s.articles()) {
      CleanContent c = sanitizer.clean(a.contentHtml(), a.link());
      cleaned.add(new PreparedArticle(a.withContent(c.html()), false, c));
      sanitized.add(a.withContent(c.html()));
    }
    List<EditionItem> handedOn = b.buildPrepared(s, cleaned).items();
    List<EditionItem> reparsed = b.build(s, sanitized).items();
    assertThat(handedOn).isEqualTo(reparsed);
    for (int i = 0; i < handedOn.size(); i++) {
      assertThat(handedOn.get(i).readingMinutes())
          .isEqualTo(EditionBuilder.readingMinutes(sanitized.get(i).contentHtml()));
    }
  }
}
