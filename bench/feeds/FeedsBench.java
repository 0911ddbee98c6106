package dev.digest.bench.feeds;

import dev.digest.config.DatabaseSettings;
import dev.digest.config.FeedSettings;
import dev.digest.config.FetchSettings;
import dev.digest.feed.FeedReader;
import dev.digest.feed.FeedResult;
import dev.digest.feed.FeedStateRepository;
import dev.digest.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads every URL of a file (one per line) once through {@link FeedReader} with the default fetch
 * settings and a feed_state database in {@code STATE_DIR}: what {@code digest feeds check} does for
 * the fetch-and-parse part, without the CLI around it. Prints one summary line.
 *
 * <p>Usage: {@code java -cp target/digest.jar:CLASSES dev.digest.bench.feeds.FeedsBench URLS STATE_DIR}
 */
public final class FeedsBench {

  /** F fetched, N not modified, X failed. */
  record Row(char kind, int items, String error) {
    static Row of(FeedResult r) {
      if (r instanceof FeedResult.Fetched) {
        return new Row('F', ((FeedResult.Fetched) r).articles().size(), "");
      }
      if (r instanceof FeedResult.NotModified) {
        return new Row('N', 0, "");
      }
      return new Row('X', 0, r.feed().url() + ": " + ((FeedResult.Failed) r).error());
    }
  }

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    List<FeedSettings> feeds = Files.readAllLines(Path.of(args[0])).stream()
        .filter(l -> !l.isBlank())
        .map(u -> new FeedSettings(u.trim(), "", "", false, Optional.empty(), 0))
        .toList();
    FetchSettings defaults = new FetchSettings(16, 2, Duration.ofSeconds(10),
        Duration.ofSeconds(30), 10L << 20, "digest/0.1 (+https://github.com/digest-newsletter/digest)");
    Path state = Path.of(args[1]).toAbsolutePath();
    Files.createDirectories(state);
    try (Database db = Database.open(new DatabaseSettings(
            "jdbc:h2:file:" + state.resolve("digest"), "", ""));
        FeedReader reader = new FeedReader(defaults,
            Optional.of(new FeedStateRepository(db)), Clock.systemUTC())) {
      long t1 = System.nanoTime();
      // Each result is reduced to its kind and item count as it is read (no article kept).
      List<Row> results = reader.readAll(feeds, Row::of);
      long t2 = System.nanoTime();
      long fetched = results.stream().filter(r -> r.kind() == 'F').count();
      long notModified = results.stream().filter(r -> r.kind() == 'N').count();
      long items = results.stream().mapToLong(Row::items).sum();
      results.stream().filter(r -> r.kind() == 'X').limit(5).forEach(r ->
          System.out.println("failed " + r.error()));
      System.out.printf("feeds=%d fetched=%d not_modified=%d failed=%d items=%d"
              + " startup_ms=%d readAll_ms=%d%n",
          feeds.size(), fetched, notModified, feeds.size() - fetched - notModified, items,
          (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }
  }
}
