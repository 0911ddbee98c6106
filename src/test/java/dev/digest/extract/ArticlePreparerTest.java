package dev.digest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.FetchSettings;
import dev.digest.feed.Article;
import dev.digest.feed.TestServer;
import dev.digest.feed.TextCleaner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArticlePreparerTest {

  static final FetchSettings SETTINGS = new FetchSettings(
      4, 2, Duration.ofSeconds(2), Duration.ofSeconds(2), 1_000_000, "digest-test/1.0");
  static final String FEED = "https://naturalist.example.org/feed";

  private TestServer server;
  private ArticlePreparer preparer;
  private String page;

  @BeforeEach
  void setUp() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("article-page.html")) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    server = new TestServer()
        .route("/bees", ex -> TestServer.send(ex, 200, "text/html; charset=utf-8", page))
        .route("/gone", ex -> TestServer.send(ex, 404, "text/html", "<p>no</p>"))
        .route("/thin", ex -> TestServer.send(ex, 200, "text/html",
            "<html><body><p>Subscribe to read this article, please.</p></body></html>"))
        .route("/pdf", ex -> TestServer.send(ex, 200, "application/pdf", "%PDF-1.4"))
        .route("/pictured", ex -> TestServer.send(ex, 200, "text/html; charset=utf-8",
            page.replace("<head>", "<head><meta property=\"og:image\" content=\"/img/card.jpg\">"
                + "<meta name=\"twitter:image\" content=\"https://cdn.example/tw.jpg\">")));
    preparer = new ArticlePreparer(SETTINGS, new HtmlSanitizer());
  }

  @AfterEach
  void tearDown() {
    preparer.close();
    server.close();
  }

  private static Article article(String link, String html) {
    return new Article(FEED, "Naturalist", "", "g", "Bees", link, "", Instant.EPOCH,
        Optional.empty(), html, Optional.empty());
  }

  private static String words(int n) {
    return "<p>" + "word ".repeat(n).trim() + ".</p>";
  }

  @Test
  void teaserIsReplacedByTheSanitizedMainContent() {
    Article teaser = article(server.url("/bees"),
        "<p>City bees do well.</p><script>alert(1)</script>");
    Article out = preparer.prepare(List.of(teaser), Set.of()).get(0);
    assertThat(out.contentHtml())
        .contains("Honeybees kept on city rooftops")
        .contains("src=\"" + server.url("/img/rooftop-hive.jpg") + "\"")
        .doesNotContain("Great piece")
        .doesNotContain("<script");
    assertThat(TextCleaner.wordCount(out.contentHtml())).isGreaterThan(100);
    assertThat(server.hits("/bees")).isEqualTo(1);
  }

  @Test
  void aFetchedPagesOgImageIsTheItemsImageWhenTheFeedNamedNone() {
    assertThat(page).as("the fixture has a head to put meta tags in").contains("<head>");
    Article none = article(server.url("/pictured"), "<p>Bees on roofs.</p>");
    Article own = new Article(FEED, "Naturalist", "", "g2", "Bees", server.url("/pictured"), "",
        Instant.EPOCH, Optional.empty(), "<p>Bees on roofs.</p>",
        Optional.of("https://feed.example/own.jpg"));
    Article plain = article(server.url("/bees"), "<p>City bees do well.</p>");

    List<Article> out = preparer.prepare(List.of(none, own, plain), Set.of());

    assertThat(out.get(0).imageUrl()).contains(server.url("/img/card.jpg"));
    assertThat(out.get(1).imageUrl()).as("the feed's own image wins").contains("https://feed.example/own.jpg");
    assertThat(out.get(2).imageUrl()).as("a page without og:image").isEmpty();
  }

  @Test
  void longContentIsOnlySanitized() {
    String html = words(120) + "<img src=x onerror=alert(1)>";
    Article out = preparer.prepare(List.of(article(server.url("/bees"), html)), Set.of()).get(0);
    assertThat(server.hits("/bees")).isZero();
    assertThat(out.contentHtml()).doesNotContain("onerror").contains("word word");
  }

  @Test
  void fullTextFeedsAreFetchedEvenWhenLong() {
    PreparedArticle out = preparer.prepareDetailed(
        List.of(article(server.url("/bees"), words(100))), Set.of(FEED)).get(0);
    assertThat(server.hits("/bees")).isEqualTo(1);
    assertThat(out.fullText()).isTrue();
    assertThat(out.article().contentHtml()).contains("Honeybees kept on city rooftops");
  }

  @Test
  void failuresAndThinPagesKeepTheFeedContent() {
    List<Article> in = List.of(
        article(server.url("/gone"), "<p>Teaser one.</p>"),
        article(server.url("/thin"), "<p>Teaser two is a little longer than the page.</p>"),
        article(server.url("/pdf"), "<p>Teaser three.</p>"),
        article("http://127.0.0.1:1/refused", "<p>Teaser four.</p>"),
        article("file:///etc/passwd", "<p>Teaser five.</p>"));
    List<PreparedArticle> detailed = preparer.prepareDetailed(in, Set.of(FEED));
    assertThat(detailed).noneMatch(PreparedArticle::fullText);
    List<Article> out = detailed.stream().map(PreparedArticle::article).toList();
    assertThat(out).extracting(Article::contentHtml).containsExactly(
        "<p>Teaser one.</p>",
        "<p>Teaser two is a little longer than the page.</p>",
        "<p>Teaser three.</p>",
        "<p>Teaser four.</p>",
        "<p>Teaser five.</p>");
    assertThat(server.hits("/gone")).isEqualTo(1);
    assertThat(server.hits("/thin")).isEqualTo(1);
  }
}
