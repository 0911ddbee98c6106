package dev.digest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.io.SyndFeedInput;
import dev.digest.config.FeedSettings;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xml.sax.InputSource;

class FeedDatesTest {

  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  static final FeedSettings FEED =
      new FeedSettings("https://d.example.org/feed", "", "", false, Optional.empty(), 0);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      Sat, 31 May 2025 10:00:00 GMT        | 2025-05-31T10:00:00.000Z
      Sat, 31 May 2025 12:30:05 +0200      | 2025-05-31T10:30:05.000Z
      1 Jun 2025 08:00 -0500               | 2025-06-01T13:00:00.000Z
      2025-05-31T10:00:00Z                 | 2025-05-31T10:00:00.000Z
      2025-05-31t12:00:00.250+02:00        | 2025-05-31T10:00:00.250Z
      2025-05-31T10:00+00:00               | 2025-05-31T10:00:00.000Z
      """)
  void wellFormedDatesAreRewrittenToTheSameInstant(String in, String out) {
    assertThat(FeedDates.canonical(in)).contains(out);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      Sun, 31 May 2025 10:00:00 GMT
      Sat, 31 May 2025 10:00:00 EST
      31 May 25 10:00 GMT
      2025-05-31
      2025-05-31 10:00:00
      yesterday
      """)
  void anythingElseIsLeftToRome(String in) {
    assertThat(FeedDates.canonical(in)).isEmpty();
  }

  /** Whatever the form, the digest's parse gives the instants Rome gives on the untouched text. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      rss pubDate RFC 1123        | <rss version="2.0"><channel><title>t</title><link>https://d.example.org/</link><description>d</description><item><title>a</title><link>https://d.example.org/a</link><pubDate>Sat, 31 May 2025 12:30:05 +0200</pubDate></item><item><title>b</title><link>https://d.example.org/b</link><pubDate>Sat, 31 May 2025 10:00:00 EST</pubDate></item></channel></rss>
      rss dc:date                 | <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title><link>https://d.example.org/</link><description>d</description><item><title>a</title><link>https://d.example.org/a</link><dc:date>2025-05-31T10:00:00-03:00</dc:date></item></channel></rss>
      atom published and updated  | <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:t</id><updated>2025-06-01T00:00:00Z</updated><entry><title>a</title><id>urn:a</id><link href="https://d.example.org/a"/><published>2025-05-30T08:00:00+01:00</published><updated>2025-05-31T09:15:30Z</updated></entry></feed>
      """)
  void romeReadsTheRewrittenDatesAsItReadsTheOriginals(String name, String xml) throws Exception {
    List<SyndEntry> rome =
        new SyndFeedInput().build(new InputSource(new StringReader(xml))).getEntries();
    List<Article> ours =
        new FeedParser()
            .parse(xml.getBytes(StandardCharsets.UTF_8), "", FEED.url(), FEED, NOW)
            .articles();
    assertThat(ours).hasSameSizeAs(rome);
    for (int i = 0; i < ours.size(); i++) {
      SyndEntry e = rome.get(i);
      Instant published =
          (e.getPublishedDate() != null ? e.getPublishedDate() : e.getUpdatedDate()).toInstant();
      assertThat(ours.get(i).published()).as(name).isEqualTo(published);
      assertThat(ours.get(i).updated())
          .isEqualTo(Optional.ofNullable(e.getUpdatedDate()).map(java.util.Date::toInstant));
    }
  }
}
