package dev.digest.condense;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared sample article gives exactly its author's 3 + 5 bullets, however it is handed in. */
class SampleArticleTest {

  private static final Path SAMPLE = Path.of("/work/shared/sample-article.txt");
  private static String text;

  @BeforeAll
  static void read() throws IOException {
    Assumptions.assumeTrue(Files.isRegularFile(SAMPLE), SAMPLE + " absent: skipped");
    text = Files.readString(SAMPLE, StandardCharsets.UTF_8);
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
    assertAuthorsBullets(condenser.condense("Karpathy joins Anthropic", html.toString(), ContentType.HTML));
  }

  @Test
  void explainNamesBothHeadings() {
    Explanation e = condenser.explain("", text, ContentType.TEXT);
    assertThat(e.sections()).extracting(FoundSection::heading)
        .containsExactly("⚡ Quick Summary", "Key Takeaways");
    assertThat(e.chosenSentences()).isEmpty();
    assertThat(e.lines()).anyMatch(l -> l.contains("\"Key Takeaways\""));
  }

  private static void assertAuthorsBullets(Summary s) {
    assertThat(s.method()).isEqualTo(Summary.Method.SECTIONS);
    assertThat(s.quickSummary())
        .containsExactly(
            "OpenAI co-founder Andrej Karpathy is joining Anthropic’s pre-training team, according to TechCrunch.",
            "The move matters because frontier AI competition increasingly hinges on rare technical leadership as much as compute and capital.",
            "For the broader market, talent concentration remains one of the clearest signs that advanced AI is still a high-barrier industry.");
    assertThat(s.takeaways())
        .containsExactly(
            "Karpathy joining Anthropic is technically and symbolically important.",
            "Frontier AI is still heavily shaped by scarce elite talent.",
            "Anthropic gains prestige and perceived momentum from the move.",
            "The AI race remains about people and judgment, not just compute budgets.",
            "Businesses should evaluate vendor depth, not just flashy model features.");
    assertThat(List.of(s.quickSummary(), s.takeaways()).toString())
        .doesNotContain("What Happened", "Frequently Asked");
  }
}
