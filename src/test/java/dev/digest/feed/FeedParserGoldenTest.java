package dev.digest.feed;

import dev.digest.config.FeedSettings;
import dev.digest.testing.Golden;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parses each fixture and compares a readable dump with {@code <fixture>.expected.txt} ({@link
 * Golden}: {@code -Ddigest.updateGolden=true} rewrites the expectations, then read the diff).
 */
class FeedParserGoldenTest {

  static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      textBlock =
          """
      rss2.xml,          https://garden.example.net/feed.xml,   ''
      rss1.xml,          https://bikes.example.com/index.rdf,   ''
      atom.xml,          https://astro.example.org/atom.xml,    ''
      feed.json,         https://bake.example.com/feed.json,    application/feed+json
      odd-dates.xml,     https://dates.example.org/rss,         ''
      broken.xml,        https://broken.example.org/rss.php,    text/xml
      netscape-091.xml,  http://old.example.com/rss091.xml,     ''
      """)
  void parsesLikeTheGoldenFile(String fixture, String url, String contentType) throws Exception {
    byte[] body;
    try (InputStream in = getClass().getResourceAsStream(fixture)) {
      body = in.readAllBytes();
    }
    FeedSettings feed = new FeedSettings(url, "", "News", false, Optional.empty(), 0);
    ParsedFeed parsed = new FeedParser().parse(body, contentType, url, feed, NOW);
    Golden.check("dev/digest/feed", fixture + ".expected.txt", dump(parsed));
  }

  static String dump(ParsedFeed p) {
    StringBuilder b = new StringBuilder();
    b.append("format: ").append(p.format()).append('\n');
    b.append("title: ").append(p.title()).append('\n');
    for (Article a : p.articles()) {
      b.append("--\n");
      b.append("title: ").append(a.title()).append('\n');
      b.append("link: ").append(a.link()).append('\n');
      b.append("guid: ").append(a.guid()).append('\n');
      b.append("source: ").append(a.source()).append(" / ").append(a.category()).append('\n');
      b.append("author: ").append(a.author()).append('\n');
      b.append("published: ").append(a.published()).append('\n');
      b.append("updated: ").append(a.updated().map(Instant::toString).orElse("-")).append('\n');
      b.append("image: ").append(a.imageUrl().orElse("-")).append('\n');
      b.append("content: ").append(a.contentHtml().replaceAll("\\s+", " ")).append('\n');
    }
    return b.toString();
  }
}
