package dev.digest.condense;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.digest.testing.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each {@code <case>.html|.txt} under src/test/resources/dev/digest/condense is
 * condensed and compared with {@code <case>.expected.json} ({@link Golden}: {@code
 * -Ddigest.updateGolden=true} rewrites them; a missing expected file is written and the test fails
 * so that it gets reviewed).
 */
class CondenserGoldenTest {

  private static final Path DIR = Path.of("src/test/resources/dev/digest/condense");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Condenser condenser = new Condenser();

  static List<String> cases() throws IOException {
    return Golden.cases("dev/digest/condense", n -> n.endsWith(".html") || n.endsWith(".txt"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesGolden(String file) throws IOException {
    String raw = Files.readString(DIR.resolve(file), StandardCharsets.UTF_8);
    String title;
    String content;
    ContentType type;
    if (file.endsWith(".txt")) {
      int nl = raw.indexOf('\n');
      title = raw.substring(0, nl).trim();
      content = raw.substring(nl + 1);
      type = ContentType.TEXT;
    } else {
      title = Jsoup.parse(raw).title();
      content = raw;
      type = ContentType.HTML;
    }
    Explanation e = condenser.explain(title, content, type);
    Map<String, Object> actual = new LinkedHashMap<>();
    actual.put("title", title);
    actual.put("method", e.summary().method().label());
    actual.put("quickSummary", e.summary().quickSummary());
    actual.put("takeaways", e.summary().takeaways());
    actual.put(
        "sections",
        e.sections().stream()
            .map(s -> s.kind() + " <- " + s.markup() + " \"" + s.heading() + "\"")
            .toList());
    String json = JSON.writeValueAsString(actual) + "\n";

    assertThat(e.summary().quickSummary()).as("never an empty quick summary").isNotEmpty();
    List<String> all = new java.util.ArrayList<>(e.summary().quickSummary());
    all.addAll(e.summary().takeaways());
    assertThat(all).as("no bullet twice").doesNotHaveDuplicates();

    Golden.check(
        "dev/digest/condense", file.substring(0, file.lastIndexOf('.')) + ".expected.json", json);
  }
}
