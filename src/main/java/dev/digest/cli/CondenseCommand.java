package dev.digest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.digest.app.CondenseCacheRepository;
import dev.digest.app.LlmCondenser;
import dev.digest.condense.Condenser;
import dev.digest.condense.ContentType;
import dev.digest.condense.Summary;
import dev.digest.config.DigestConfig;
import dev.digest.config.FetchSettings;
import dev.digest.config.LlmSettings;
import dev.digest.extract.ArticlePreparer;
import dev.digest.extract.HtmlSanitizer;
import dev.digest.extract.MainContentExtractor;
import dev.digest.store.Database;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Option(
      names = "--llm",
      description =
          "Ask the language model of condense.mode: llm in the configuration (replies cached in its database; any failure falls back to the offline summary).")
  boolean llm;

  @Mixin ConfigOption config;

  // Made in call(): picocli builds every command object at start-up, and Jackson's data-binding
  // classes take a tenth of a second to load for commands that never print JSON.
  private ObjectMapper mapper;

  @Override
  public Integer call() throws Exception {
    mapper = new ObjectMapper();
    if (!llm) {
      return condenseAll(new Condenser(), Optional.empty());
    }
    DigestConfig c = config.load();
    LlmSettings settings =
        c.condense()
            .llm()
            .orElseThrow(() -> new UsageException("--llm needs condense.mode: llm in " + c.file()));
    Condenser condenser =
        new Condenser(c.condense().quickSummaryHeadings(), c.condense().takeawayHeadings());
    try (Database db = Database.open(c.database())) {
      LlmCondenser model =
          new LlmCondenser(condenser, settings, new CondenseCacheRepository(db), Clock.systemUTC());
      return condenseAll(condenser, Optional.of(model.startRun())); // one budget for the command
    }
  }

  private int condenseAll(Condenser condenser, Optional<LlmCondenser.Run> model) throws Exception {
    PrintStream out = System.out;
    int failures = 0;
    for (String source : sources) {
      try {
        Loaded a = load(source, condenser);
        Summary s =
            model.isPresent()
                ? model.get().condense(a.title(), a.content(), a.type())
                : condenser.condense(a.title(), a.content(), a.type());
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

  private Loaded load(String source, Condenser condenser) throws Exception {
    // The author's summary box beside the article is main content too (see MainContentExtractor).
    MainContentExtractor extractor = new MainContentExtractor(condenser::summaryBlocks);
    if (source.startsWith("http://") || source.startsWith("https://")) {
      // The page through the extract stage: same limits as feeds, main content only, sanitized.
      FetchSettings fetch = FetchSettings.defaults();
      try (ArticlePreparer preparer = new ArticlePreparer(fetch, new HtmlSanitizer(), extractor)) {
        String html =
            preparer
                .fetchMainContent(source)
                .orElseThrow(() -> new IllegalStateException("could not fetch or extract an article from " + source));
        return fromHtml(html, source, extractor);
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
    return fromHtml(text, file.toUri().toString(), extractor);
  }

  private static Loaded fromHtml(String page, String url, MainContentExtractor extractor) {
    Document doc = Jsoup.parse(page, url);
    String title = doc.title();
    // A whole page (navigation, footer) is narrowed to its main content first.
    String html = extractor.extract(doc).orElse(page);
    if (title.isBlank() && doc.selectFirst("h1") != null) {
      title = doc.selectFirst("h1").text();
    }
    return new Loaded(title.strip(), url.startsWith("file:") ? "" : url, html, ContentType.HTML);
  }
}
