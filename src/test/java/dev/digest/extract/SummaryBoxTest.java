package dev.digest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.condense.Condenser;
import dev.digest.condense.ContentType;
import dev.digest.condense.Explanation;
import dev.digest.testing.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The author's summary box next to the article: kept by the extractor as the app wires it (with the
 * condense stage's section finder), then found by condense after sanitizing, as full-text feeds run
 * it. Golden files: each {@code summary-*.html} under src/test/resources/dev/digest/extract gives
 * {@code <case>.expected.txt} (the extracted blocks and the sections condense finds in them), by
 * {@link Golden}: {@code -Ddigest.updateGolden=true} rewrites them, and a missing one is written
 * and the test fails so that it gets reviewed.
 */
class SummaryBoxTest {

  private static final Path DIR = Path.of("src/test/resources/dev/digest/extract");

  private final Condenser condenser = new Condenser();
  private final MainContentExtractor extractor = new MainContentExtractor(condenser::summaryBlocks);
  private final MainContentExtractor withoutSummaries = new MainContentExtractor();
  private final HtmlSanitizer sanitizer = new HtmlSanitizer();

  static List<String> cases() throws IOException {
    return Golden.cases("dev/digest/extract", n -> n.startsWith("summary-") && n.endsWith(".html"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesGolden(String file) throws IOException {
    Document page = page(file);
    String html = extractor.extract(page).orElseThrow();
    StringBuilder actual = new StringBuilder("main content:\n");
    for (Element block : Jsoup.parseBodyFragment(html).select("h1, h2, h3, h4, h5, h6, p, li")) {
      if (block.select("p, li").size() <= (block.is("p, li") ? 1 : 0)) {
        actual.append("  ").append(block.tagName()).append(": ").append(block.text()).append('\n');
      }
    }
    actual.append("sections found after sanitizing:\n");
    for (String line : sections(page)) {
      actual.append("  ").append(line).append('\n');
    }
    Golden.check("dev/digest/extract", file.replace(".html", ".expected.txt"), actual.toString());
  }

  @Test
  void keepsTheSummaryBoxJustBeforeTheBody() throws IOException {
    String text = text(extractor, "summary-box-before-body.html");
    assertThat(text)
        .contains("Key takeaways")
        .contains("Removing two disused weirs did more than a decade of restocking.")
        .contains("the upper Lenn was a string of quiet ponds");
    assertThat(text.indexOf("Key takeaways")).isLessThan(text.indexOf("string of quiet ponds"));
    assertThat(text).doesNotContain("My father fished").doesNotContain("Privacy");
    assertThat(sections(page("summary-box-before-body.html")))
        .containsExactly("TAKEAWAYS <- h3 \"Key takeaways\"");
    // without the section finder the box is lost: that is what this fixture is about
    assertThat(text(withoutSummaries, "summary-box-before-body.html"))
        .doesNotContain("Key takeaways");
  }

  @Test
  void keepsTheSummaryBoxInsideASidebarWrapperNextToTheBody() throws IOException {
    String text = text(extractor, "summary-box-in-sibling-wrapper.html");
    assertThat(text)
        .contains("TL;DR Second-hand bus batteries can store a home's solar power")
        .contains("When an electric bus is retired");
    assertThat(text).doesNotContain("loadAd").doesNotContain("Contact");
    assertThat(sections(page("summary-box-in-sibling-wrapper.html")))
        .containsExactly("QUICK_SUMMARY <- class \"tldr\"");
    assertThat(text(withoutSummaries, "summary-box-in-sibling-wrapper.html"))
        .doesNotContain("Second-hand bus batteries");
  }

  @Test
  void linkListsUnderSummaryLikeHeadingsBeforeTheBodyAreNotKept() throws IOException {
    String text = text(extractor, "summary-link-lists-negative.html");
    assertThat(text).contains("a night train will run on the northern line");
    assertThat(text)
        .doesNotContain("Highlights")
        .doesNotContain("Bridge repairs finish a month early")
        .doesNotContain("Related stories")
        .doesNotContain("Inside the new sleeper cabins");
    assertThat(sections(page("summary-link-lists-negative.html"))).isEmpty();
  }

  @Test
  void summaryBoxesFarFromTheBodyAreNotKept() throws IOException {
    String text = text(extractor, "summary-box-far-negative.html");
    assertThat(text).contains("forty drawers of handwritten and typed cards");
    assertThat(text)
        .doesNotContain("weekly paper run by volunteers")
        .doesNotContain("letters to the editor")
        .doesNotContain("Most read");
    assertThat(sections(page("summary-box-far-negative.html"))).isEmpty();
  }

  @Test
  void theSameBoxIsKeptOnceNothingStandsBetweenItAndTheBody() throws IOException {
    // Control for the fixture above: distance, not the box, is what keeps it out.
    Document page = page("summary-box-far-negative.html");
    page.select(".comment-list, .most-read").remove();
    String text = Jsoup.parseBodyFragment(extractor.extract(page).orElseThrow()).text();
    assertThat(text).contains("Summary The Town Crier is a weekly paper run by volunteers");
    assertThat(text.indexOf("forty drawers")).isLessThan(text.indexOf("weekly paper"));
  }

  @Test
  void aSummaryAsideInsideTheArticleIsPutBackWhereItWas() {
    String html =
        "<html><body><nav><a href=/>Home</a></nav><article class=post><h1>Title</h1>"
            + "<p>The first paragraph of the story is long enough to count, with a comma or two, and"
            + " it goes on for a while about the subject at hand.</p>"
            + "<aside class=key-points-box><h3>Key points</h3><ul><li>One point the author makes.</li>"
            + "<li>Another point the author makes.</li></ul></aside>"
            + "<p>The second paragraph of the story is long enough to count as well, with commas,"
            + " clauses and the rest of what makes prose score as the main content.</p>"
            + "<p>A third paragraph closes the story, again with enough words, commas and length to be"
            + " part of the article that the extractor keeps.</p></article></body></html>";
    String text = Jsoup.parseBodyFragment(extractor.extract(html, "").orElseThrow()).text();
    assertThat(text).contains("Key points One point the author makes.");
    assertThat(text.indexOf("first paragraph")).isLessThan(text.indexOf("Key points"));
    assertThat(text.indexOf("Key points")).isLessThan(text.indexOf("second paragraph"));
    assertThat(Jsoup.parseBodyFragment(withoutSummaries.extract(html, "").orElseThrow()).text())
        .doesNotContain("Key points");
  }

  @Test
  void aSummaryThatWrapsTheWholeArticleIsNotCopiedTwice() {
    String body =
        "<p>Paragraph %d of the story has enough words in it, with a comma or two, to"
            + " count as real text for the extractor.</p>";
    StringBuilder html =
        new StringBuilder("<html><body><div class=summary-box><p class=kicker>Town news</p><div>");
    for (int i = 0; i < 4; i++) {
      html.append(String.format(body, i));
    }
    html.append("</div></div></body></html>");
    String out = extractor.extract(html.toString(), "").orElseThrow();
    assertThat(Jsoup.parseBodyFragment(out).select("p")).hasSize(4);
  }

  private List<String> sections(Document page) {
    String html = extractor.extract(page).orElseThrow();
    String safe = sanitizer.sanitize(html, page.location());
    Explanation e = condenser.explain(page.title(), safe, ContentType.HTML);
    return e.sections().stream()
        .map(s -> s.kind() + " <- " + s.markup() + " \"" + s.heading() + "\"")
        .toList();
  }

  private String text(MainContentExtractor x, String file) throws IOException {
    return Jsoup.parseBodyFragment(x.extract(page(file)).orElseThrow()).text();
  }

  private static Document page(String file) throws IOException {
    return Jsoup.parse(
        Files.readString(DIR.resolve(file), StandardCharsets.UTF_8), "https://news.example.org/a");
  }
}
