package dev.digest.condense;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The entry points for a parsed document (the extract stage's, issue 16) condense as the string
 * ones do, and only read the document: the reading time and the language model's prompt share it.
 */
class CondenserDocumentTest {

  private static final Path DIR = Path.of("src/test/resources/dev/digest/condense");

  private final Condenser condenser = new Condenser();

  static List<String> cases() throws IOException {
    return Golden.cases("dev/digest/condense", n -> n.endsWith(".html"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aParsedDocumentCondensesAsItsHtml(String file) throws IOException {
    String html = Files.readString(DIR.resolve(file), StandardCharsets.UTF_8);
    Document doc = Jsoup.parse(html);
    String title = doc.title();
    String before = doc.outerHtml();
    Explanation fromDoc = condenser.explain(title, doc);
    assertThat(fromDoc).isEqualTo(condenser.explain(title, html, ContentType.HTML));
    assertThat(condenser.condense(title, doc))
        .isEqualTo(condenser.condense(title, html, ContentType.HTML));
    assertThat(condenser.llmPrompt(title, doc, fromDoc))
        .isEqualTo(condenser.llmPrompt(title, html, ContentType.HTML));
    assertThat(doc.outerHtml()).isEqualTo(before);
  }

  @Test
  void scriptsAreLeftOutWithoutChangingTheCallersDocument() {
    String html =
        "<h2>Key Takeaways</h2><ul><li>Rates rise by half a point in March.</li>"
            + "<script>document.write('<li>Injected bullet from a script.</li>')</script>"
            + "<li>Mortgages follow within weeks.</li></ul><style>li{}</style>"
            + "<p>The central bank said so on Tuesday, citing inflation that will not ease.</p>";
    Document doc = Jsoup.parse(html);
    String before = doc.outerHtml();
    assertThat(condenser.explain("Rates", doc))
        .isEqualTo(condenser.explain("Rates", html, ContentType.HTML));
    assertThat(doc.outerHtml()).isEqualTo(before);
    assertThat(doc.select("script, style")).hasSize(2);
  }
}
