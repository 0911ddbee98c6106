package dev.digest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.condense.Condenser;
import dev.digest.condense.ContentType;
import dev.digest.feed.TextCleaner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sanitizer's clean result stands for a parse of its HTML: the condenser and the reading time
 * used to parse the sanitized HTML again (issue 16), and now read the cleaner's own document. So
 * that tree must be the one a parse gives, node for node, and condensing it must give what
 * condensing the HTML gave. Runs over the HTML fixtures of the repository, and over the pages of
 * {@code /work/shared/corpus} too with {@code -Ddigest.corpus=/work/shared/corpus}.
 */
class CleanContentTest {

  private static final List<Path> FIXTURE_DIRS =
      List.of(
          Path.of("src/test/resources/dev/digest/condense"),
          Path.of("src/test/resources/dev/digest/extract"));

  private final HtmlSanitizer sanitizer = new HtmlSanitizer();
  private final Condenser condenser = new Condenser();

  static Stream<Arguments> pages() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : FIXTURE_DIRS) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.toString().endsWith(".html")).sorted().forEach(files::add);
      }
    }
    String corpus = System.getProperty("digest.corpus", "");
    if (!corpus.isBlank()) {
      try (Stream<Path> s = Files.list(Path.of(corpus, "articles"))) {
        s.map(d -> d.resolve("source.html"))
            .filter(Files::isRegularFile)
            .sorted()
            .forEach(files::add);
      }
    }
    return files.stream()
        .map(p -> Arguments.of(p.getParent().getFileName() + "/" + p.getFileName(), p));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void theCleanDocumentIsWhatParsingTheSafeHtmlGives(String name, Path file) throws IOException {
    String raw = Files.readString(file, StandardCharsets.UTF_8);
    String title = Jsoup.parse(raw).title();
    CleanContent clean = sanitizer.clean(raw, "https://example.org/a/");
    Document reparsed = Jsoup.parse(clean.html());

    assertThat(clean.html()).isEqualTo(sanitizer.sanitize(raw, "https://example.org/a/"));
    assertThat(shape(clean.document().body())).isEqualTo(shape(reparsed.body()));
    // The count the reading time took from parsing the HTML as a body fragment.
    assertThat(clean.words()).isEqualTo(oldReadingWords(clean.html()));
    // The preparer's teaser test counted the input with TextCleaner, a parse of its own.
    HtmlSanitizer.Counted counted = sanitizer.cleanCounting(raw, "https://example.org/a/");
    assertThat(counted.inputWords()).isEqualTo(TextCleaner.wordCount(raw));
    assertThat(counted.clean().html()).isEqualTo(clean.html());
    assertThat(shape(counted.clean().document().body())).isEqualTo(shape(reparsed.body()));
    String before = clean.document().outerHtml();
    assertThat(condenser.explain(title, clean.document()))
        .isEqualTo(condenser.explain(title, clean.html(), ContentType.HTML));
    assertThat(
            condenser.llmPrompt(
                title, clean.document(), condenser.explain(title, clean.document())))
        .isEqualTo(condenser.llmPrompt(title, clean.html(), ContentType.HTML));
    // Shared with the reading time and the language model's prompt: condensing only reads it.
    assertThat(clean.document().outerHtml()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void aParseWouldBuildTheSameTree(String name, String html) {
    CleanContent clean = sanitizer.clean(html, "https://example.org/");
    assertThat(shape(clean.document().body())).isEqualTo(shape(Jsoup.parse(clean.html()).body()));
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of("pre opening with a line feed", "<pre>\n\nfirst line\nsecond</pre>"),
        Arguments.of("pre of one line feed", "<pre>\n\n</pre><p>after</p>"),
        Arguments.of("text around dropped inline", "a<font>b</font>c<!-- d -->e"),
        // Dropping the section puts the inner li straight in the outer: a parse closes the outer.
        Arguments.of(
            "li in li once a section went", "<ul><li>a<section><li>b</li></section></li></ul>"),
        Arguments.of("h3 in h2 once a font went", "<h2>a<font><h3>b</h3></font></h2><p>c</p>"),
        Arguments.of("a heading in a bare anchor", "<p>x</p><a name=\"t\"><h2>T</h2><p>y</p></a>"),
        Arguments.of("table with stray text", "<table><tr><td>x</td></tr>y<font>z</font></table>"));
  }

  @Test
  void textLeftInPiecesByTheCleanerIsOneNodeAsAParseMakesIt() {
    CleanContent clean =
        sanitizer.clean(
            "  <p>one <a>two</a> <font>three</font><!-- c --> four <img alt=x></p>\n ", "");
    assertThat(clean.html()).isEqualTo("<p>one two three four </p>");
    Element p = clean.document().body().child(0);
    assertThat(p.childNodeSize()).isEqualTo(1);
    assertThat(((TextNode) p.childNode(0)).getWholeText()).isEqualTo("one two three four ");
    assertThat(clean.document().body().childNodeSize()).isEqualTo(1);
    assertThat(clean.words()).isEqualTo(4);
  }

  @Test
  void theInputIsCountedAsTextCleanerCountsIt() {
    for (String html :
        new String[] {
          "",
          "plain words, no markup",
          "AT&amp;T x<y and co-op",
          "<p>a</p><p>b c</p>",
          "<script>one two</script>three",
          "déjà vu — 東京 42"
        }) {
      assertThat(sanitizer.cleanCounting(html, "").inputWords())
          .as(html)
          .isEqualTo(TextCleaner.wordCount(html));
    }
  }

  @Test
  void emptyOrScriptOnlyContentIsEmpty() {
    for (String html :
        new String[] {"", "  ", "<script>alert(1)</script>", " <style>p{}</style> "}) {
      CleanContent clean = sanitizer.clean(html, "");
      assertThat(clean.html()).isEmpty();
      assertThat(clean.document().body().childNodeSize()).isZero();
      assertThat(clean.words()).isZero();
    }
  }

  @Test
  void theDocumentIsTheSanitizedOne() {
    CleanContent clean =
        sanitizer.clean(
            "<p onclick=\"x()\">Hi <a href=\"javascript:x()\">there</a><script>x()</script></p>"
                + "<iframe src=\"https://evil.example/\"></iframe>",
            "");
    assertThat(clean.document().select("script, iframe, [onclick], a")).isEmpty();
    assertThat(clean.document().body().html()).isEqualTo(clean.html()).isEqualTo("<p>Hi there</p>");
  }

  @Test
  void safeHtmlFromADraftIsParsedOnceWithTheSameCount() {
    CleanContent c = CleanContent.ofSafeHtml("<div>" + "w ".repeat(2300) + "</div>");
    assertThat(c.words()).isEqualTo(2300);
    assertThat(CleanContent.ofSafeHtml("").words()).isZero();
  }

  /** What {@code EditionBuilder.readingMinutes} counted before the clean result was handed on. */
  private static int oldReadingWords(String html) {
    if (html == null || html.isBlank()) {
      return 0;
    }
    String text = Jsoup.parseBodyFragment(html).text().trim();
    return text.isEmpty() ? 0 : text.split("\\s+").length;
  }

  /** The tree, node by node: kinds, tag names, attributes and the whole text of each text node. */
  private static String shape(Node node) {
    StringBuilder out = new StringBuilder();
    shape(node, 0, out);
    return out.toString();
  }

  private static void shape(Node node, int depth, StringBuilder out) {
    out.append("  ".repeat(depth));
    if (node instanceof TextNode t) {
      out.append("#text ").append(t.getWholeText().replace("\n", "\\n")).append('\n');
      return;
    }
    if (node instanceof Element e) {
      out.append('<').append(e.tagName());
      for (Attribute a : e.attributes()) {
        out.append(' ').append(a.getKey()).append("=\"").append(a.getValue()).append('"');
      }
      out.append(">\n");
    } else {
      out.append(node.nodeName()).append(' ').append(node.outerHtml()).append('\n');
    }
    for (Node child : node.childNodes()) {
      shape(child, depth + 1, out);
    }
  }
}
