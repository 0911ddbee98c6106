package dev.digest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.condense.Condenser;
import dev.digest.condense.ContentType;
import dev.digest.condense.Summary;
import dev.digest.testing.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The condenser's golden HTML cases are written as an author publishes them; on the send path the
 * condenser reads them only after the sanitizer. Whatever the sanitizer drops must not change what
 * the condenser finds: a summary box named by its class ({@code <aside class="summary-box">}) is
 * the author's words in the raw HTML and must stay so in the safe HTML.
 */
class SanitizedSectionsTest {

  private static final Path DIR = Path.of("src/test/resources/dev/digest/condense");

  private final Condenser condenser = new Condenser();
  private final HtmlSanitizer sanitizer = new HtmlSanitizer();

  static List<String> htmlCases() throws IOException {
    return Golden.cases("dev/digest/condense", n -> n.endsWith(".html"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("htmlCases")
  void sanitizingChangesNothingTheCondenserFinds(String file) throws IOException {
    Document page = Jsoup.parse(Files.readString(DIR.resolve(file), StandardCharsets.UTF_8));
    String title = page.title();
    // A feed carries the article's body, not a page with a head: its title goes as the title.
    String raw = page.body().html();

    Summary fromRaw = condenser.condense(title, raw, ContentType.HTML);
    CleanContent clean = sanitizer.clean(raw, "https://example.org/article");
    Summary fromTree = condenser.condense(title, clean.document());
    Summary fromSafeHtml = condenser.condense(title, clean.html(), ContentType.HTML);

    for (Summary sent : new Summary[] {fromTree, fromSafeHtml}) {
      assertThat(sent.method()).as("method").isEqualTo(fromRaw.method());
      assertThat(sent.quickSummary()).as("quick summary").isEqualTo(fromRaw.quickSummary());
      assertThat(sent.takeaways()).as("takeaways").isEqualTo(fromRaw.takeaways());
    }
  }

  @Test
  void classNamedBoxKeepsTheAuthorsWords() throws IOException {
    String raw =
        Jsoup.parse(Files.readString(DIR.resolve("html-class-block.html"), StandardCharsets.UTF_8))
            .body()
            .html();
    CleanContent clean = sanitizer.clean(raw, "https://example.org/article");

    Summary sent = condenser.condense("Remote work", clean.document());

    assertThat(sent.quickSummary())
        .containsExactly(
            "Most office workers now spend two or three days a week at home.",
            "Companies that force a full return lose staff faster.");
    assertThat(sent.takeaways()).contains("Full-time office mandates hurt retention.");
    assertThat(clean.html()).contains("<aside class=\"summary-box\">");
  }
}
