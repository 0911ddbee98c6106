package dev.digest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.digest.app.FeedCheck;
import dev.digest.app.FeedImport;
import dev.digest.condense.Condenser;
import dev.digest.config.DigestConfig;
import dev.digest.config.FeedSettings;
import dev.digest.config.FetchSettings;
import dev.digest.config.OpmlReader;
import dev.digest.config.OpmlWriter;
import dev.digest.extract.ArticlePreparer;
import dev.digest.extract.HtmlSanitizer;
import dev.digest.extract.MainContentExtractor;
import dev.digest.extract.PreparedArticle;
import dev.digest.feed.Article;
import dev.digest.feed.FeedReader;
import dev.digest.feed.FeedResult;
import dev.digest.feed.TextCleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code digest feeds check|show|import|export}. */
@Command(
    name = "feeds",
    mixinStandardHelpOptions = true,
    description = "Check the configured feeds, show what a feed gives, import or export OPML.",
    subcommands = {
      FeedsCommand.Check.class,
      FeedsCommand.Show.class,
      FeedsCommand.Import.class,
      FeedsCommand.Export.class
    })
final class FeedsCommand {

  /** Fetches every configured feed once and prints a table. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Fetch every configured feed once and show its health.")
  static final class Check implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Override
    public Integer call() throws Exception {
      List<FeedCheck.Row> rows = FeedCheck.run(Preload.load(config), Clock.systemUTC());
      int failed = 0;
      // One write for the whole table; rows are padded by hand: printf parses its format with a
      // regular expression on every call, which was a tenth of a 1,000-feed check's main thread.
      StringBuilder table = new StringBuilder(100 * (rows.size() + 2));
      row(table, "FEED", "STATUS", "ITEMS", "NEW", "TIME", "LAST ERROR");
      for (FeedCheck.Row r : rows) {
        if (r.status().equals("failed")) {
          failed++;
        }
        row(
            table,
            abbreviate(r.feed(), 40),
            r.status(),
            r.items() < 0 ? "-" : Integer.toString(r.items()),
            r.fresh() < 0 ? "-" : Integer.toString(r.fresh()),
            seconds(r.elapsed()),
            r.error());
      }
      table
          .append(rows.size())
          .append(" feeds, ")
          .append(failed)
          .append(" failed")
          .append(System.lineSeparator());
      System.out.print(table);
      System.out.flush();
      // Exit 1 only when every feed failed: one broken feed is a warning, not an outage.
      return !rows.isEmpty() && failed == rows.size() ? Main.FAILURE : Main.OK;
    }
  }

  /** Shows the parsed items of feeds given on the command line. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show the items of feeds (URLs or files) as the digest will see them.")
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "URL|FILE", arity = "1..*")
    List<String> sources;

    @Option(names = "--json", description = "One JSON object per line per argument, in order.")
    boolean json;

    @Option(names = "--full-text", description = "Fetch the full article page for every item.")
    boolean fullText;

    // Made in call(): picocli builds every command object at start-up, and Jackson's data-binding
    // classes take a tenth of a second to load for commands that never print JSON.
    private ObjectMapper mapper;

    @Override
    public Integer call() throws Exception {
      mapper = new ObjectMapper();
      FetchSettings fetch = FetchSettings.defaults();
      int failed = 0;
      try (FeedReader reader = new FeedReader(fetch, Optional.empty(), Clock.systemUTC());
          ArticlePreparer preparer =
              new ArticlePreparer(
                  fetch,
                  new HtmlSanitizer(),
                  new MainContentExtractor(new Condenser()::summaryBlocks))) {
        for (String source : sources) {
          FeedSettings feed =
              new FeedSettings(toUrl(source), "", "", fullText, Optional.empty(), 0);
          FeedResult result;
          try {
            result = reader.read(feed);
          } catch (RuntimeException e) {
            result = new FeedResult.Failed(feed, Main.oneLine(e), Duration.ZERO);
          }
          if (result instanceof FeedResult.Fetched) {
            FeedResult.Fetched f = (FeedResult.Fetched) result;
            List<PreparedArticle> items =
                preparer.prepareDetailed(f.articles(), fullText ? Set.of(feed.url()) : Set.of());
            print(source, f.format(), items);
          } else {
            failed++;
            String error =
                result instanceof FeedResult.Failed
                    ? ((FeedResult.Failed) result).error()
                    : "not modified";
            if (json) {
              ObjectNode o = mapper.createObjectNode();
              o.put("source", source);
              o.put("ok", false);
              o.put("error", error);
              o.putNull("format");
              o.set("items", mapper.createArrayNode());
              System.out.println(mapper.writeValueAsString(o));
            } else {
              System.out.println(source + ": " + error);
            }
          }
        }
      }
      return failed == sources.size() ? Main.FAILURE : Main.OK;
    }

    private void print(String source, String format, List<PreparedArticle> items) throws Exception {
      if (json) {
        ObjectNode o = mapper.createObjectNode();
        o.put("source", source);
        o.put("ok", true);
        o.putNull("error");
        o.put("format", format);
        ArrayNode arr = o.putArray("items");
        for (PreparedArticle p : items) {
          Article a = p.article();
          ObjectNode it = arr.addObject();
          it.put("title", a.title());
          it.put("link", a.link());
          it.put("published", a.published().toString());
          it.put("words", words(a.contentHtml()));
          it.put("fullText", p.fullText());
        }
        System.out.println(mapper.writeValueAsString(o));
      } else {
        System.out.printf("%s (%s, %d items)%n", source, format, items.size());
        for (PreparedArticle p : items) {
          Article a = p.article();
          System.out.printf(
              "  %s  %s%n    %s (%d words)%n",
              a.published(), a.title(), a.link(), words(a.contentHtml()));
        }
      }
    }
  }

  /** Adds the new feeds of an OPML file to feeds.d/imported.yml, each checked by one fetch. */
  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description =
          "Add the feeds of an OPML file (from Miniflux, FreshRSS, Feedly, ...) to"
              + " feeds.d/imported.yml beside the config; each new feed is fetched once and only those"
              + " that answer are added.")
  static final class Import implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(paramLabel = "FILE.opml", arity = "1")
    Path opml;

    @Option(names = "--dry-run", description = "Check and show, but write nothing.")
    boolean dryRun;

    @Option(names = "--all", description = "Add the feeds that failed their fetch too.")
    boolean all;

    @Override
    public Integer call() throws Exception {
      DigestConfig loaded = config.load();
      OpmlReader.Result parsed;
      try {
        parsed = OpmlReader.read(opml);
      } catch (OpmlReader.OpmlException e) {
        throw new UsageException(e.getMessage());
      }
      FeedImport.Outcome outcome = FeedImport.run(loaded, parsed, dryRun, all, Clock.systemUTC());
      StringBuilder out = new StringBuilder();
      int ok = 0;
      int failed = 0;
      int skipped = 0;
      for (FeedImport.Row r : outcome.rows()) {
        switch (r.status()) {
          case "ok" -> ok++;
          case "failed" -> failed++;
          default -> skipped++;
        }
        String what = r.status().equals("ok") ? r.items() + " items" : r.error();
        left(out, r.status(), 8).append(' ');
        left(out, abbreviate(r.name().isEmpty() ? "-" : r.name(), 30), 30).append(' ');
        left(out, abbreviate(r.category().isEmpty() ? "-" : r.category(), 16), 16)
            .append(' ')
            .append(r.url())
            .append("  ")
            .append(what)
            .append(r.added() || !r.status().equals("failed") ? "" : "  (not added)")
            .append(System.lineSeparator());
      }
      out.append(outcome.rows().size())
          .append(" feeds in ")
          .append(opml.getFileName())
          .append(": ")
          .append(ok)
          .append(" ok, ")
          .append(failed)
          .append(" failed, ")
          .append(skipped)
          .append(" skipped; ");
      if (dryRun) {
        out.append(outcome.added()).append(" would be added (dry run, nothing written)");
      } else if (outcome.written().isPresent()) {
        out.append(outcome.added()).append(" added to ").append(outcome.written().get());
      } else {
        out.append("nothing added");
      }
      if (failed > 0 && !all) {
        out.append("; --all adds failed feeds too");
      }
      out.append(System.lineSeparator());
      System.out.print(out);
      System.out.flush();
      // Exit 1 when there were new feeds and not one answered, so nothing was (or would be)
      // added: a script learns the import did nothing. With --all the failed feeds are added as
      // asked, and one feed that answers makes it a success with warnings, as for `feeds check`.
      return ok == 0 && failed > 0 && outcome.added() == 0 ? Main.FAILURE : Main.OK;
    }
  }

  /** Writes every configured feed as OPML 2.0. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Write every configured feed as OPML 2.0, in folders by category.")
  static final class Export implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(
        names = "--output",
        paramLabel = "FILE",
        description = "Write to FILE instead of standard output.")
    Path output;

    @Override
    public Integer call() throws Exception {
      DigestConfig loaded = config.load();
      String opml = OpmlWriter.write(loaded.digest().title(), loaded.feeds());
      if (output == null) {
        System.out.print(opml);
        System.out.flush();
      } else {
        Files.writeString(output, opml, java.nio.charset.StandardCharsets.UTF_8);
        System.err.println(loaded.feeds().size() + " feeds written to " + output);
      }
      return Main.OK;
    }
  }

  /**
   * One line of the check's table, as {@code "%-40s %-8s %6s %5s %7s %s%n"} would print it (a
   * longer value widens its column, as with printf).
   */
  static void row(
      StringBuilder b,
      String feed,
      String status,
      String items,
      String fresh,
      String time,
      String error) {
    left(b, feed, 40).append(' ');
    left(b, status, 8).append(' ');
    right(b, items, 6).append(' ');
    right(b, fresh, 5).append(' ');
    right(b, time, 7).append("  ").append(error).append(System.lineSeparator());
  }

  /** Elapsed time as printf's {@code "%.1fs"} prints it (half up, one decimal). */
  static String seconds(Duration d) {
    long tenths = (d.toMillis() + 50) / 100;
    return tenths / 10 + "." + tenths % 10 + "s";
  }

  private static StringBuilder left(StringBuilder b, String s, int width) {
    b.append(s);
    for (int i = s.length(); i < width; i++) {
      b.append(' ');
    }
    return b;
  }

  private static StringBuilder right(StringBuilder b, String s, int width) {
    for (int i = s.length(); i < width; i++) {
      b.append(' ');
    }
    return b.append(s);
  }

  static int words(String html) {
    return TextCleaner.wordCount(html);
  }

  static String toUrl(String source) {
    if (source.matches("(?i)^(https?|file):.*")) {
      return source;
    }
    Path p = Path.of(source).toAbsolutePath().normalize();
    if (!Files.exists(p)) {
      throw new UsageException("no such file: " + source);
    }
    return p.toUri().toString();
  }

  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
