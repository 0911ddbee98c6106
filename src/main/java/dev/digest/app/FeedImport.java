package dev.digest.app;

import dev.digest.config.ConfigException;
import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import dev.digest.config.FeedSettings;
import dev.digest.config.ImportedFeeds;
import dev.digest.config.OpmlReader;
import dev.digest.feed.FeedReader;
import dev.digest.feed.FeedResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code digest feeds import}: the feeds of an OPML that are not configured yet, each fetched once
 * through the feed reader (no state kept, nothing cached), then appended to {@code
 * feeds.d/imported.yml}: those that answered with a feed, or all of them when asked.
 */
public final class FeedImport {

  /**
   * One OPML feed's line. Status: {@code ok} (a feed of {@code items} items), {@code failed} (error
   * says why), {@code skipped} (already configured, repeated in the file, not http(s)). {@code
   * added}: whether it is (or, on a dry run, would be) written.
   */
  public record Row(
      String url,
      String name,
      String category,
      String status,
      int items,
      String error,
      boolean added) {}

  /**
   * The rows in the OPML's order, and the file written (empty on a dry run or with nothing new).
   */
  public record Outcome(List<Row> rows, int added, Optional<Path> written) {}

  public static Outcome run(
      DigestConfig config, OpmlReader.Result opml, boolean dryRun, boolean all, Clock clock)
      throws IOException, ConfigException {
    Set<String> configured = new HashSet<>();
    for (FeedSettings f : config.feeds()) {
      configured.add(ConfigLoader.sameFeedKey(f.url()));
    }
    // Rows by position in the OPML; the feeds to fetch remember theirs.
    List<Row> rows = new ArrayList<>();
    List<FeedSettings> candidates = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    Map<String, Integer> firstLine = new HashMap<>();
    for (OpmlReader.Entry e : opml.feeds()) {
      String key = ConfigLoader.sameFeedKey(e.url());
      if (configured.contains(key)) {
        rows.add(skipped(e, "already configured"));
      } else if (firstLine.containsKey(key)) {
        rows.add(skipped(e, "repeated in the file (first on line " + firstLine.get(key) + ")"));
      } else {
        firstLine.put(key, e.line());
        positions.add(rows.size());
        rows.add(null);
        candidates.add(
            new FeedSettings(
                e.url(), e.name(), e.category(), false, Optional.empty(), 0, e.site()));
      }
    }
    for (OpmlReader.Refused r : opml.refused()) {
      rows.add(new Row(r.url(), r.name(), "", "skipped", -1, r.reason(), false));
    }
    List<FeedSettings> toAdd = new ArrayList<>();
    if (!candidates.isEmpty()) {
      List<FeedResult> results;
      try (FeedReader reader = new FeedReader(config.fetch(), Optional.empty(), clock)) {
        results = reader.readAll(candidates);
      }
      for (int i = 0; i < results.size(); i++) {
        FeedResult r = results.get(i);
        FeedSettings f = candidates.get(i);
        boolean ok = r instanceof FeedResult.Fetched;
        boolean add = ok || all;
        if (add) {
          toAdd.add(f);
        }
        rows.set(positions.get(i), fetched(f, r, add));
      }
    }
    Optional<Path> written = Optional.empty();
    if (!dryRun && !toAdd.isEmpty()) {
      Path baseDir = config.file().getParent();
      List<FeedSettings> kept = new ArrayList<>(ImportedFeeds.read(baseDir));
      kept.addAll(toAdd);
      ImportedFeeds.write(baseDir, kept);
      written = Optional.of(ImportedFeeds.file(baseDir));
    }
    return new Outcome(List.copyOf(rows), toAdd.size(), written);
  }

  private static Row skipped(OpmlReader.Entry e, String why) {
    return new Row(e.url(), e.name(), e.category(), "skipped", -1, why, false);
  }

  private static Row fetched(FeedSettings f, FeedResult r, boolean added) {
    if (r instanceof FeedResult.Fetched) {
      int items = ((FeedResult.Fetched) r).articles().size();
      return new Row(f.url(), f.name(), f.category(), "ok", items, "", added);
    }
    String error =
        r instanceof FeedResult.Failed ? ((FeedResult.Failed) r).error() : "not modified";
    return new Row(f.url(), f.name(), f.category(), "failed", -1, error, added);
  }

  private FeedImport() {}
}
