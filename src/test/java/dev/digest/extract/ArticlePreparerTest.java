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

  static final FetchSettings SETTINGS =
      new FetchSettings(
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
    server =
        new TestServer()
            .route("/bees", ex -> TestServer.send(ex, 200, "text/html; charset=utf-8", page))
            .route("/gone", ex -> TestServer.send(ex, 404, "text/html", "<p>no</p>"))
            .route(
                "/thin",
                ex ->
                    TestServer.send(
                        ex,
                        200,
                        "text/html",
                        "<html><body><p>Subscribe to read this article, please.</p></body></html>"))
            .route("/pdf", ex -> TestServer.send(ex, 200, "application/pdf", "%PDF-1.4"))
            .route(
                "/pictured",
                ex ->
                    TestServer.send(
                        ex,
                        200,
                        "text/html; charset=utf-8",
                        page.replace(
                            "<head>",
                            "<head><meta property=\"og:image\" content=\"/img/card.png\">"
                                + "<meta name=\"twitter:image\" content=\"https://cdn.example/tw.jpg\">")))
            .route("/img/card.png", ex -> TestServer.send(ex, 200, "image/png", png(320, 180)))
            .route("/img/own.png", ex -> TestServer.send(ex, 200, "image/png", png(200, 100)))
            .route(
                "/img/missing.png", ex -> TestServer.send(ex, 404, "text/html", "<p>not found</p>"))
            .route(
                "/img/page.png", ex -> TestServer.send(ex, 200, "text/html", "<p>a login page</p>"))
            .route(
                "/img/new.webp",
                ex -> TestServer.send(ex, 200, "image/webp", "RIFF\0\0\0\0WEBPVP8 "))
            .route(
                "/img/mislabelled", ex -> TestServer.send(ex, 200, "application/xml", png(64, 48)));
    preparer = new ArticlePreparer(SETTINGS, new HtmlSanitizer());
  }

  @AfterEach
  void tearDown() {
    preparer.close();
    server.close();
  }

  /** A real PNG of this size, made with the JDK's own encoder. */
  static byte[] png(int width, int height) throws IOException {
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static Article article(String link, String html) {
    return new Article(
        FEED,
        "Naturalist",
        "",
        "g",
        "Bees",
        link,
        "",
        Instant.EPOCH,
        Optional.empty(),
        html,
        Optional.empty());
  }

  private static String words(int n) {
    return "<p>" + "word ".repeat(n).trim() + ".</p>";
  }

  @Test
  void teaserIsReplacedByTheSanitizedMainContent() {
    Article teaser =
        article(server.url("/bees"), "<p>City bees do well.</p><script>alert(1)</script>");
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
    Article own =
        article(server.url("/pictured"), "<p>Bees on roofs.</p>")
            .withImage(Optional.of(server.url("/img/own.png")));
    Article plain = article(server.url("/bees"), "<p>City bees do well.</p>");

    List<Article> out = preparer.prepare(List.of(none, own, plain), Set.of());

    assertThat(out.get(0).imageUrl()).contains(server.url("/img/card.png"));
    assertThat(out.get(1).imageUrl())
        .as("the feed's own image wins")
        .contains(server.url("/img/own.png"));
    assertThat(out.get(2).imageUrl()).as("a page without og:image").isEmpty();
  }

  @Test
  void aThumbnailIsMeasuredAndOneThatIsNoImageIsDropped() {
    String body = words(120);
    List<Article> in =
        List.of(
            article("https://a.example/1", body)
                .withImage(Optional.of(server.url("/img/card.png"))),
            article("https://a.example/2", body)
                .withImage(Optional.of(server.url("/img/missing.png"))),
            article("https://a.example/3", body)
                .withImage(Optional.of(server.url("/img/page.png"))),
            article("https://a.example/4", body)
                .withImage(Optional.of(server.url("/img/new.webp"))),
            article("https://a.example/5", body)
                .withImage(Optional.of(server.url("/img/mislabelled"))));

    List<Article> out = preparer.prepare(in, Set.of());

    assertThat(out.get(0).imageUrl()).isPresent();
    assertThat(out.get(0).imageWidth()).isEqualTo(320);
    assertThat(out.get(0).imageHeight()).isEqualTo(180);
    assertThat(out.get(1).imageUrl()).as("a 404").isEmpty();
    assertThat(out.get(2).imageUrl()).as("HTML where an image should be").isEmpty();
    assertThat(out.get(3).imageUrl()).as("an image the JDK cannot measure is kept").isPresent();
    assertThat(out.get(3).imageWidth()).isZero();
    assertThat(out.get(4).imageHeight())
        .as("the bytes decide, not a wrong Content-Type")
        .isEqualTo(48);

    try (ArticlePreparer noImages =
        new ArticlePreparer(SETTINGS, new HtmlSanitizer(), new MainContentExtractor(), false)) {
      int before = server.hits("/img/card.png");
      Article kept = noImages.prepare(List.of(in.get(0)), Set.of()).get(0);
      assertThat(server.hits("/img/card.png"))
          .as("digest.images off: not fetched")
          .isEqualTo(before);
      assertThat(kept.imageWidth()).isZero();
    }
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
    PreparedArticle out =
        preparer
            .prepareDetailed(List.of(article(server.url("/bees"), words(100))), Set.of(FEED))
            .get(0);
    assertThat(server.hits("/bees")).isEqualTo(1);
    assertThat(out.fullText()).isTrue();
    assertThat(out.article().contentHtml()).contains("Honeybees kept on city rooftops");
  }

  @Test
  void failuresAndThinPagesKeepTheFeedContent() {
    List<Article> in =
        List.of(
            article(server.url("/gone"), "<p>Teaser one.</p>"),
            article(server.url("/thin"), "<p>Teaser two is a little longer than the page.</p>"),
            article(server.url("/pdf"), "<p>Teaser three.</p>"),
            article("http://127.0.0.1:1/refused", "<p>Teaser four.</p>"),
            article("file:///etc/passwd", "<p>Teaser five.</p>"));
    List<PreparedArticle> detailed = preparer.prepareDetailed(in, Set.of(FEED));
    assertThat(detailed).noneMatch(PreparedArticle::fullText);
    List<Article> out = detailed.stream().map(PreparedArticle::article).toList();
    assertThat(out)
        .extracting(Article::contentHtml)
        .containsExactly(
            "<p>Teaser one.</p>",
            "<p>Teaser two is a little longer than the page.</p>",
            "<p>Teaser three.</p>",
            "<p>Teaser four.</p>",
            "<p>Teaser five.</p>");
    assertThat(server.hits("/gone")).isEqualTo(1);
    assertThat(server.hits("/thin")).isEqualTo(1);
  }
}
