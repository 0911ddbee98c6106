package dev.digest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.condense.Condenser;
import dev.digest.condense.Explanation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A teaser's fetched page is parsed once (issue 16): the preparer hands the main content to the
 * sanitizer as the tree extraction left ({@link MainContentExtractor#extractElement}, {@link
 * HtmlSanitizer#cleanCounting(Element, String)}), where it used to write it out as HTML for the
 * sanitizer to parse again. This compares the two ways over every HTML page among the test
 * resources, with and without the condense stage's summary finder, and over the pages of {@code
 * /work/shared/corpus} too with {@code -Ddigest.corpus=/work/shared/corpus}.
 *
 * <p>Not byte for byte: the extractor's HTML was pretty-printed, and the parse of it kept jsoup's
 * indentation as text nodes, where the tree keeps the page's own white space. So the safe HTML and
 * the clean document are compared but for white space; what is read from them (the text, both word
 * counts, the condensed summary and its sections, the language model's prompt) exactly. On a few
 * corpus pages the printer's white space did change the text ("Game D ay" where it broke a line in
 * a word, "contributed ." where it indented a period, "plan. Photo" where it parted a caption from
 * its credit): there this test fails and names them.
 */
class ParsedMainContentTest {

  private static final String PAGE_URL = "https://page.example.com/elsewhere/";
  private static final String ARTICLE_URL = "https://news.example.org/2026/a-story";

  private static final Condenser CONDENSER = new Condenser();
  private final HtmlSanitizer sanitizer = new HtmlSanitizer();

  static Stream<Arguments> pages() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(Path.of("src/test/resources"))) {
      s.filter(p -> p.toString().endsWith(".html")).sorted().forEach(files::add);
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
    List<Arguments> cases = new ArrayList<>();
    for (Path file : files) {
      String name = file.getParent().getFileName() + "/" + file.getFileName();
      cases.add(Arguments.of(name + " (no summary finder)", file, new MainContentExtractor()));
      cases.add(
          Arguments.of(
              name + " (summary finder)",
              file,
              new MainContentExtractor(CONDENSER::summaryBlocks)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void theTreeCleansAsItsHtmlDid(String name, Path file, MainContentExtractor extractor)
      throws IOException {
    // The page's own address differs from the article's: relative links resolve against the
    // article's, as the preparer always resolved them.
    Document page = Jsoup.parse(Files.readString(file, StandardCharsets.UTF_8), PAGE_URL);
    String before = page.outerHtml();
    Optional<String> html = extractor.extract(page);
    Optional<Element> tree = extractor.extractElement(page);
    assertThat(tree.isPresent()).as("found main content").isEqualTo(html.isPresent());
    assertThat(page.outerHtml()).as("the page is left as it was").isEqualTo(before);
    if (html.isEmpty()) {
      return;
    }
    HtmlSanitizer.Counted parsedAgain = sanitizer.cleanCounting(html.get(), ARTICLE_URL);
    HtmlSanitizer.Counted parsedOnce = sanitizer.cleanCounting(tree.get(), ARTICLE_URL);
    CleanContent old = parsedAgain.clean();
    CleanContent now = parsedOnce.clean();

    assertThat(parsedOnce.inputWords())
        .as("teaser test's count")
        .isEqualTo(parsedAgain.inputWords());
    assertThat(now.words()).as("reading time's count").isEqualTo(old.words());
    assertThat(now.document().body().text()).isEqualTo(old.document().body().text());
    assertThat(TreeShape.ignoringWhiteSpace(now.document().body()))
        .isEqualTo(TreeShape.ignoringWhiteSpace(old.document().body()));
    assertThat(foldWhiteSpace(now.html())).isEqualTo(foldWhiteSpace(old.html()));
    // The clean document stands for a parse of the safe HTML, as CleanContent promises.
    assertThat(TreeShape.of(now.document().body()))
        .isEqualTo(TreeShape.of(Jsoup.parse(now.html()).body()));
    Explanation fromOld = CONDENSER.explain(page.title(), old.document());
    Explanation fromNow = CONDENSER.explain(page.title(), now.document());
    assertThat(fromNow).isEqualTo(fromOld);
    assertThat(CONDENSER.llmPrompt(page.title(), now.document(), fromNow))
        .isEqualTo(CONDENSER.llmPrompt(page.title(), old.document(), fromOld));
  }

  /** HTML with no white space between tags and single spaces elsewhere. */
  private static String foldWhiteSpace(String html) {
    return html.replaceAll("\\s*(<[^>]*>)\\s*", "$1").replaceAll("\\s+", " ").strip();
  }
}
