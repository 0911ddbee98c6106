package dev.digest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.digest.condense.Condenser;
import dev.digest.condense.ContentType;
import dev.digest.condense.Summary;
import dev.digest.config.FetchSettings;
import dev.digest.extract.ArticlePreparer;
import dev.digest.extract.HtmlSanitizer;
import dev.digest.extract.MainContentExtractor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code digest condense}: condense articles and print the result. A {@code .txt} file is plain
 * text whose first line is the title; anything else is HTML.
 */
@Command(
    name = "condense",
    mixinStandardHelpOptions = true,
    description = "Condense articles (HTML or plain text files, or URLs) to a quick summary and key takeaways.")
final class CondenseCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE|URL", arity = "1..*", description = "Articles to condense.")
  List<String> sources;

  @Option(names = "--json", description = "One JSON object per line per argument, in order.")
  boolean json;

  @Option(names = "--explain", description = "Also show why: the heading that matched, or each chosen sentence's score.")
  boolean explain;

  // Made in call(): picocli builds every command object at start-up, and Jackson's data-binding
  // classes take a tenth of a second to load for commands that never print JSON.
  private ObjectMapper mapper;

  @Override
  public Integer call() throws Exception {
    mapper = new ObjectMapper();
    Condenser condenser = new Condenser();
    PrintStream out = System.out;
    int failures = 0;
    for (String source : sources) {
      try {
        Loaded a = load(source);
        Summary s = condenser.condense(a.title(), a.content(), a.type());
        if (json) {
          ObjectNode o = mapper.createObjectNode();
          o.put("source", source);
          o.put("title", a.title());
          o.put("url", a.url());
          o.set("quickSummary", mapper.valueToTree(s.quickSummary()));
          o.set("takeaways", mapper.valueToTree(s.takeaways()));
          o.put("method", s.method().label());
          if (explain) {
            o.set("explain", mapper.valueToTree(condenser.explain(a.title(), a.content(), a.type()).lines()));
          }
          out.println(mapper.writeValueAsString(o));
        } else {
          out.println(a.title().isEmpty() ? source : a.title());
          out.println("Quick summary:");
          s.quickSummary().forEach(b -> out.println("  - " + b));
          out.println("Key takeaways:");
          s.takeaways().forEach(b -> out.println("  - " + b));
          out.println("(method: " + s.method().label() + ")");
          if (explain) {
            out.println("Why:");
            condenser.explain(a.title(), a.content(), a.type()).lines().forEach(l -> out.println("  " + l));
          }
          out.println();
        }
      } catch (Exception e) {
        failures++;
        if (json) {
          ObjectNode o = mapper.createObjectNode();
          o.put("source", source);
          o.put("error", Main.oneLine(e));
          out.println(mapper.writeValueAsString(o));
        } else {
          System.err.println("digest: " + source + ": " + Main.oneLine(e));
        }
      }
    }
    return failures == sources.size() ? Main.FAILURE : Main.OK;
  }

  private record Loaded(String title, String url, String content, ContentType type) {}

  private Loaded load(String source) throws Exception {
    if (source.startsWith("http://") || source.startsWith("https://")) {
      // The page through the extract stage: same limits as feeds, main content only, sanitized.
      FetchSettings fetch = FetchSettings.defaults();
      try (ArticlePreparer preparer = new ArticlePreparer(fetch, new HtmlSanitizer())) {
        String html =
            preparer
                .fetchMainContent(source)
                .orElseThrow(() -> new IllegalStateException("could not fetch or extract an article from " + source));
        return fromHtml(html, source);
      }
    }
    Path file = Path.of(source);
    if (!Files.isRegularFile(file)) {
      throw new UsageException("no such file: " + source);
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (source.endsWith(".txt")) {
      // First line is the title; the whole text is condensed (the title line may be a heading).
      String first = text.lines().findFirst().orElse("").strip();
      return new Loaded(first, "", text, ContentType.TEXT);
    }
    return fromHtml(text, file.toUri().toString());
  }

  private static Loaded fromHtml(String page, String url) {
    Document doc = Jsoup.parse(page, url);
    String title = doc.title();
    // A whole page (navigation, footer) is narrowed to its main content first.
    String html = new MainContentExtractor().extract(doc).orElse(page);
    if (title.isBlank() && doc.selectFirst("h1") != null) {
      title = doc.selectFirst("h1").text();
    }
    return new Loaded(title.strip(), url.startsWith("file:") ? "" : url, html, ContentType.HTML);
  }
}
