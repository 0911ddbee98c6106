package dev.digest.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rometools.rome.io.SyndFeedInput;
import dev.digest.config.FeedSettings;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xml.sax.InputSource;

/** Encodings and breakage: what arrives in the wild still parses, or fails in one line. */
class FeedParserRobustnessTest {

  static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");
  static final String URL = "https://enc.example.org/feed";
  static final FeedSettings FEED = new FeedSettings(URL, "", "", false, Optional.empty(), 0);

  static String rss(String prolog, String title) {
    return prolog
        + "<rss version=\"2.0\"><channel><title>T</title><link>https://enc.example.org/</link>"
        + "<description>d</description><item><title>"
        + title
        + "</title>"
        + "<link>https://enc.example.org/1</link></item></channel></rss>";
  }

  static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  static Stream<Arguments> encodings() {
    String title = "Grüße – 東京 “quoted”";
    String utf8Prolog = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    return Stream.of(
        Arguments.of(
            "UTF-8 with BOM",
            concat(
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                rss(utf8Prolog, title).getBytes(StandardCharsets.UTF_8)),
            "",
            title),
        Arguments.of(
            "UTF-16LE with BOM",
            concat(
                new byte[] {(byte) 0xFF, (byte) 0xFE},
                rss("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", title)
                    .getBytes(StandardCharsets.UTF_16LE)),
            "",
            title),
        Arguments.of(
            "UTF-16BE without BOM",
            rss("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", title)
                .getBytes(StandardCharsets.UTF_16BE),
            "",
            title),
        Arguments.of(
            "prolog says ISO-8859-1, bytes are UTF-8",
            rss("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", title)
                .getBytes(StandardCharsets.UTF_8),
            "",
            title),
        Arguments.of(
            "windows-1252 declared in the prolog",
            rss("<?xml version=\"1.0\" encoding=\"windows-1252\"?>", "Caf\u00e9 \u201cquoted\u201d")
                .getBytes(Charset.forName("windows-1252")),
            "",
            "Café “quoted”"),
        Arguments.of(
            "KOI8-R from the HTTP header, no prolog",
            rss("", "Привет").getBytes(Charset.forName("KOI8-R")),
            "application/rss+xml; charset=KOI8-R",
            "Привет"),
        Arguments.of(
            "HTTP charset beats the prolog",
            rss("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "Caf\u00e9")
                .getBytes(StandardCharsets.ISO_8859_1),
            "text/xml; charset=iso-8859-1",
            "Café"),
        Arguments.of(
            "prolog lies UTF-8, bytes are Latin-1",
            rss("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "Caf\u00e9")
                .getBytes(StandardCharsets.ISO_8859_1),
            "",
            "Café"),
        Arguments.of(
            "junk and blank lines before the prolog",
            ("\n\n  Notice: undefined index\n" + rss(utf8Prolog, title))
                .getBytes(StandardCharsets.UTF_8),
            "",
            title),
        Arguments.of(
            "HTML entities and a bare ampersand",
            rss(utf8Prolog, "Tom & Jerry&nbsp;&mdash; caf&eacute;")
                .getBytes(StandardCharsets.UTF_8),
            "",
            "Tom & Jerry — café"),
        Arguments.of(
            "control characters XML forbids",
            rss(utf8Prolog, "Bell\u0007 and form\u000Cfeed").getBytes(StandardCharsets.UTF_8),
            "",
            "Bell and formfeed"),
        // An RSS title is HTML, decoded once: "&lt;b&gt;" in it is the text "<b>", not a tag.
        Arguments.of(
            "escaped markup in the title is text",
            rss(utf8Prolog, "&amp;lt;b&amp;gt;Bold&amp;lt;/b&amp;gt; move")
                .getBytes(StandardCharsets.UTF_8),
            "",
            "<b>Bold</b> move"),
        Arguments.of(
            "a literal <b> in the title",
            rss(utf8Prolog, "Why &amp;lt;b&amp;gt; is not &amp;lt;strong&amp;gt;")
                .getBytes(StandardCharsets.UTF_8),
            "",
            "Why <b> is not <strong>"),
        Arguments.of(
            "markup in the title is dropped",
            rss(utf8Prolog, "&lt;b&gt;Bold&lt;/b&gt; move &amp;amp; more")
                .getBytes(StandardCharsets.UTF_8),
            "",
            "Bold move & more"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void decodesAndRepairs(String name, byte[] body, String contentType, String expectedTitle)
      throws Exception {
    ParsedFeed p = new FeedParser().parse(body, contentType, URL, FEED, NOW);
    assertThat(p.articles()).hasSize(1);
    assertThat(p.articles().get(0).title()).isEqualTo(expectedTitle);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("empty body", "", "empty document"),
        Arguments.of(
            "HTML page",
            "<!DOCTYPE html><html><head><title>x</title></head></html>",
            "not a feed: an HTML page"),
        Arguments.of(
            "JSON that is not a feed",
            "{\"hello\": 1}",
            "not a feed: JSON without a jsonfeed.org version"),
        Arguments.of(
            "truncated JSON",
            "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [",
            "invalid JSON"),
        Arguments.of("plain text", "this is not xml at all", "invalid XML"),
        Arguments.of(
            "unknown XML", "<?xml version=\"1.0\"?><catalog><book/></catalog>", "not a feed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void failsInOneLine(String name, String body, String messageStart) {
    assertThatThrownBy(
            () -> new FeedParser().parse(body.getBytes(StandardCharsets.UTF_8), "", URL, FEED, NOW))
        .isInstanceOf(FeedParseException.class)
        .hasMessageStartingWith(messageStart)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void atomTitlesAreHtmlOnlyWhenTheySaySo() throws Exception {
    String atom =
        """
        <feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Tags &amp;lt;3 &lt;b&gt;</title>
        <id>urn:f</id><updated>2026-03-01T00:00:00Z</updated>
        <entry><title>Use &lt;b&gt; sparingly</title><id>urn:1</id>
          <link href="https://enc.example.org/1"/><updated>2026-03-01T00:00:00Z</updated></entry>
        <entry><title type="html">&amp;lt;b&amp;gt; versus &lt;i&gt;em&lt;/i&gt;</title><id>urn:2</id>
          <link href="https://enc.example.org/2"/><updated>2026-03-01T00:00:00Z</updated></entry>
        </feed>""";
    ParsedFeed p =
        new FeedParser().parse(atom.getBytes(StandardCharsets.UTF_8), "", URL, FEED, NOW);
    assertThat(p.title()).isEqualTo("Tags <3 <b>");
    assertThat(p.articles())
        .extracting(Article::title)
        .containsExactly("Use <b> sparingly", "<b> versus em");
  }

  @Test
  void romeItselfRefusesDoctypes() {
    // The second wall behind XmlRepair's DOCTYPE removal: Rome 2.1's default SAX setup.
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<rss version=\"2.0\"><channel><title>&x;</title></channel></rss>";
    SyndFeedInput input = new SyndFeedInput();
    assertThat(input.isAllowDoctypes()).isFalse();
    assertThatThrownBy(() -> input.build(new InputSource(new StringReader(xxe))))
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void externalEntityIsNeverResolved() throws Exception {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
            + rss("", "before &x; after");
    ParsedFeed p = new FeedParser().parse(xxe.getBytes(StandardCharsets.UTF_8), "", URL, FEED, NOW);
    assertThat(p.articles().get(0).title()).isEqualTo("before &x; after");
  }

  @Test
  void jsonFeedVersionOneIsRead() throws Exception {
    String json =
        """
        {"version": "https://jsonfeed.org/version/1", "title": "Old JSON",
         "author": {"name": "Gus"},
         "items": [{"id": "1", "url": "https://j.example.org/1", "content_text": "hi",
                    "date_published": "2026-01-05T10:00:00+00:00"}]}
        """;
    ParsedFeed p =
        new FeedParser()
            .parse(json.getBytes(StandardCharsets.UTF_8), "application/json", URL, FEED, NOW);
    assertThat(p.format()).isEqualTo("json-1.0");
    assertThat(p.articles().get(0).author()).isEqualTo("Gus");
    assertThat(p.articles().get(0).title()).isEqualTo("hi");
  }
}
