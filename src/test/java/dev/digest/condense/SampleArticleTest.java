package dev.digest.condense;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An article laid out like the real ones that carry their own sections (an emoji-marked "Quick
 * Summary" first, "Key Takeaways" near the end, then "Looking Ahead" and an FAQ; our own text in
 * src/test/resources) gives exactly its author's 3 + 5 bullets, however it is handed in.
 */
class SampleArticleTest {

  static final String RESOURCE = "/dev/digest/sample-article.txt";
  private static String text;

  @BeforeAll
  static void read() throws IOException {
    try (java.io.InputStream in = SampleArticleTest.class.getResourceAsStream(RESOURCE)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private final Condenser condenser = new Condenser();

  @Test
  void wholeFileAsContent() {
    assertAuthorsBullets(condenser.condense("", text, ContentType.TEXT));
  }

  @Test
  void firstLineAsTitleAndInContent() {
    String first = text.lines().findFirst().orElseThrow();
    assertAuthorsBullets(condenser.condense(first, text, ContentType.TEXT));
  }

  @Test
  void firstLineAsTitleOnly() {
    String first = text.lines().findFirst().orElseThrow();
    String rest = text.substring(text.indexOf('\n') + 1);
    assertAuthorsBullets(condenser.condense(first, rest, ContentType.TEXT));
  }

  @Test
  void sameArticleAsHtml() {
    // headings become h2, bullets a ul, the rest paragraphs: the same 3 + 5 must come out
    StringBuilder html = new StringBuilder("<article>");
    boolean inList = false;
    for (String line : text.split("\n")) {
      String t = line.trim();
      if (t.startsWith("- ")) {
        if (!inList) {
          html.append("<ul>");
          inList = true;
        }
        html.append("<li>").append(t.substring(2)).append("</li>");
        continue;
      }
      if (inList) {
        html.append("</ul>");
        inList = false;
      }
      boolean heading = t.split(" ").length <= 8 && !t.endsWith(".") && !t.endsWith("?");
      html.append(heading ? "<h2>" : "<p>").append(t).append(heading ? "</h2>" : "</p>");
    }
    html.append(inList ? "</ul></article>" : "</article>");
    assertAuthorsBullets(
        condenser.condense(
            "Harbour City libraries go open source", html.toString(), ContentType.HTML));
  }

  @Test
  void explainNamesBothHeadings() {
    Explanation e = condenser.explain("", text, ContentType.TEXT);
    assertThat(e.sections())
        .extracting(FoundSection::heading)
        .containsExactly("⚡ Quick Summary", "Key Takeaways");
    assertThat(e.chosenSentences()).isEmpty();
    assertThat(e.lines()).anyMatch(l -> l.contains("\"Key Takeaways\""));
  }

  private static void assertAuthorsBullets(Summary s) {
    assertThat(s.method()).isEqualTo(Summary.Method.SECTIONS);
    assertThat(s.quickSummary())
        .containsExactly(
            "The Harbour City library network is replacing its proprietary catalogue with an open-source system across all 14 branches by next spring.",
            "The change is expected to cut licence costs by about a third while letting the library's own staff fix and extend the software.",
            "Other mid-sized library networks are watching closely, because a smooth switch would weaken the case for long vendor contracts.");
    assertThat(s.takeaways())
        .containsExactly(
            "Harbour City is moving all 14 branches to an open-source library system.",
            "Licence costs should fall by roughly a third.",
            "Library staff gain the ability to fix the catalogue themselves.",
            "A year of parallel running lowered the risk of losing records.",
            "Other networks may follow if the switch goes smoothly.");
    assertThat(List.of(s.quickSummary(), s.takeaways()).toString())
        .doesNotContain("What Happened", "Frequently Asked");
  }
}
