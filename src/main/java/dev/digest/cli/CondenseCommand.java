package dev.digest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.digest.app.DigestApp;
import dev.digest.condense.Condenser;
import dev.digest.condense.Summary;
import dev.digest.config.DigestConfig;
import dev.digest.config.FetchSettings;
import dev.digest.config.LlmSettings;
import dev.digest.extract.MainContentExtractor;
import dev.digest.llm.LlmCondenser;
import dev.digest.store.Database;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
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
    description =
        "Condense articles (HTML or plain text files, or URLs) to a quick summary and key takeaways.")
final class CondenseCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE|URL", arity = "1..*", description = "Articles to condense.")
  List<String> sources;

  @Option(names = "--json", description = "One JSON object per line per argument, in order.")
  boolean json;

  @Option(
      names = "--explain",
      description = "Also show why: the heading that matched, or each chosen sentence's score.")
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
    // Only the condenser and the model's cache: no mail, web or delivery graph for this command.
    Condenser condenser = DigestApp.condenserOf(c);
    try (Database db = Database.open(c.database())) {
      LlmCondenser model = DigestApp.llmCondenser(condenser, settings, db, Clock.systemUTC());
      return condenseAll(condenser, Optional.of(model.startRun())); // one budget for the command
    }
  }

  private int condenseAll(Condenser condenser, Optional<LlmCondenser.Run> model) throws Exception {
    PrintStream out = System.out;
    // The author's summary box beside the article is main content too (see MainContentExtractor).
    ArticleLoader loader =
        new ArticleLoader(
            new MainContentExtractor(condenser::summaryBlocks), FetchSettings.defaults());
    int failures = 0;
    for (String source : sources) {
      try {
        ArticleLoader.Loaded a = loader.load(source);
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
            o.set(
                "explain",
                mapper.valueToTree(condenser.explain(a.title(), a.content(), a.type()).lines()));
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
            condenser
                .explain(a.title(), a.content(), a.type())
                .lines()
                .forEach(l -> out.println("  " + l));
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
}
