package dev.digest.app;

import dev.digest.config.DigestConfig;
import dev.digest.edition.ItemKeys;
import dev.digest.edition.SeenItemRepository;
import dev.digest.feed.Article;
import dev.digest.feed.FeedResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code digest feeds check}: every configured feed fetched once, as a table of health rows. */
public final class FeedCheck {

  /** One feed's line: status is {@code ok}, {@code 304} or {@code failed}; -1 = unknown. */
  public record Row(
      String feed, String status, int items, int fresh, Duration elapsed, String error) {}

  /**
   * Fetches with conditional GET and records each feed's health in {@code feed_state}. Each feed's
   * row is made as soon as it is read, so its articles are not kept past that. A 304 costs no parse
   * and no decoding: its item count is the one stored with the feed's state, and its new count is
   * unknown.
   *
   * <p>Opens only what a check needs, the database and the feed stage: no mail server, condenser or
   * renderer is built (start-up is most of a small check).
   */
  public static List<Row> run(DigestConfig config, Clock clock) {
    // The TLS defaults (the trust store) take a tenth of a second or two of CPU to load: when an
    // https feed will need them, load them on another thread while the database opens.
    if (config.enabledFeeds().stream()
        .anyMatch(f -> f.url().regionMatches(true, 0, "https:", 0, 6))) {
      Thread tls = new Thread(FeedCheck::loadTlsDefaults, "tls-init");
      tls.setDaemon(true);
      tls.start();
    }
    try (FeedStage stage = FeedStage.open(config, clock)) {
      // "New" as the default cadence's next edition counts it.
      String cadence = config.digest().defaultCadence();
      return stage.reader().readAll(config.enabledFeeds(), r -> row(stage.seen(), r, cadence));
    }
  }

  private static void loadTlsDefaults() {
    try {
      javax.net.ssl.SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException | RuntimeException e) {
      // The reader's HTTP client meets the same trouble and reports it per feed.
    }
  }

  private static Row row(SeenItemRepository seen, FeedResult r, String cadence) {
    String name = r.feed().name().isEmpty() ? r.feed().url() : r.feed().name();
    if (r instanceof FeedResult.Fetched) {
      List<Article> articles = ((FeedResult.Fetched) r).articles();
      return new Row(name, "ok", articles.size(), fresh(seen, articles, cadence), r.elapsed(), "");
    }
    if (r instanceof FeedResult.NotModified) {
      return new Row(name, "304", ((FeedResult.NotModified) r).items(), -1, r.elapsed(), "");
    }
    return new Row(name, "failed", -1, -1, r.elapsed(), ((FeedResult.Failed) r).error());
  }

  /** How many of {@code articles} no edition has taken yet. */
  private static int fresh(SeenItemRepository seen, List<Article> articles, String cadence) {
    List<String> keys = articles.stream().map(ItemKeys::of).toList();
    Set<String> already = seen.seen(keys, cadence);
    return (int) keys.stream().filter(k -> !already.contains(k)).count();
  }

  private FeedCheck() {}
}
