package dev.digest.feed;

import dev.digest.config.FeedSettings;
import dev.digest.config.FetchSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches and parses feeds: all of them concurrently within the configured limits. One broken feed
 * never stops the others: it becomes a {@link FeedResult.Failed}. Thread-safe.
 */
public final class FeedReader implements AutoCloseable {

  /** A permanent redirect seen on this many consecutive fetches moves the feed. */
  public static final int MOVE_AFTER = 3;

  static final Duration BACKOFF_BASE = Duration.ofMinutes(5);
  static final Duration BACKOFF_MAX = Duration.ofDays(1);
  static final String ACCEPT =
      "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9,"
          + " application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";

  private static final Logger log = LoggerFactory.getLogger(FeedReader.class);

  private final FetchSettings settings;
  private final Optional<FeedStateRepository> state;
  private final Optional<FeedArticlesRepository> articles;
  private final boolean loadCached;
  private final Clock clock;
  private final HttpFetcher fetcher;
  private final FeedParser parser = new FeedParser();
  private final ExecutorService pool;
  private final HostLimiter hosts;

  /**
   * @param state where ETag/Last-Modified and failures are kept; empty for a stateless read
   *     (preview of ad-hoc files, {@code feeds show})
   */
  public FeedReader(FetchSettings settings, Optional<FeedStateRepository> state, Clock clock) {
    this(settings, state, Optional.empty(), false, clock);
  }

  /**
   * @param articles the cache of each feed's last good articles, written on every 200; use it
   *     whenever validators are kept, so a later 304 does not hide them
   * @param loadCached answer a 304 with the cached articles in {@link
   *     FeedResult.NotModified#cached()} (building an edition needs them; a health check does not,
   *     and then a 304 costs no decoding at all)
   */
  public FeedReader(
      FetchSettings settings,
      Optional<FeedStateRepository> state,
      Optional<FeedArticlesRepository> articles,
      boolean loadCached,
      Clock clock) {
    this.settings = settings;
    this.state = state;
    this.articles = articles;
    this.loadCached = loadCached;
    this.clock = clock;
    this.fetcher = new HttpFetcher(settings);
    this.hosts = new HostLimiter(settings.perHost());
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "feed-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.pool = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()), threads);
  }

  /** Reads every feed, in the order given. */
  public List<FeedResult> readAll(List<FeedSettings> feeds) {
    long t0 = System.nanoTime();
    // Submit round-robin across hosts so the per-host limit does not park the whole pool on one.
    Map<String, List<Integer>> byHost = new LinkedHashMap<>();
    for (int i = 0; i < feeds.size(); i++) {
      byHost.computeIfAbsent(hostKey(location(feeds.get(i).url())), k -> new ArrayList<>()).add(i);
    }
    List<Future<FeedResult>> futures = new ArrayList<>(feeds.size());
    for (int i = 0; i < feeds.size(); i++) {
      futures.add(null);
    }
    for (int round = 0; ; round++) {
      boolean any = false;
      for (List<Integer> idx : byHost.values()) {
        if (round < idx.size()) {
          int i = idx.get(round);
          FeedSettings f = feeds.get(i);
          futures.set(i, pool.submit(() -> read(f)));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    List<FeedResult> results = new ArrayList<>(feeds.size());
    for (int i = 0; i < feeds.size(); i++) {
      try {
        results.add(futures.get(i).get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        results.add(new FeedResult.Failed(feeds.get(i), "interrupted", Duration.ZERO));
      } catch (ExecutionException e) {
        results.add(new FeedResult.Failed(
            feeds.get(i), "internal error: " + HttpFetcher.oneLine(e.getCause()), Duration.ZERO));
      }
    }
    long failed = results.stream().filter(r -> r instanceof FeedResult.Failed).count();
    long unchanged = results.stream().filter(r -> r instanceof FeedResult.NotModified).count();
    log.info("feeds read feeds={} fetched={} not_modified={} failed={} elapsed_ms={}",
        feeds.size(), feeds.size() - failed - unchanged, unchanged, failed,
        (System.nanoTime() - t0) / 1_000_000);
    return results;
  }

  /** Reads one feed. Never throws: every trouble is a {@link FeedResult.Failed}. */
  public FeedResult read(FeedSettings feed) {
    long t0 = System.nanoTime();
    try {
      FeedResult r = readUnchecked(feed, t0);
      log.debug("feed read feed_url={} result={} elapsed_ms={}", feed.url(),
          r.getClass().getSimpleName(), r.elapsed().toMillis());
      return r;
    } catch (RuntimeException e) {
      log.warn("feed read failed feed_url={} error={}", feed.url(), HttpFetcher.oneLine(e), e);
      return new FeedResult.Failed(feed, "internal error: " + HttpFetcher.oneLine(e), since(t0));
    }
  }

  private FeedResult readUnchecked(FeedSettings feed, long t0) {
    Instant now = clock.instant();
    String configured = location(feed.url());
    FeedState before = state.flatMap(s -> s.find(feed.url())).orElse(FeedState.fresh(feed.url()));
    if (before.nextFetchAfter().isPresent() && before.nextFetchAfter().get().isAfter(now)) {
      return new FeedResult.NotModified(feed, since(t0), cached(feed));
    }
    boolean moved = before.movedTo().isPresent() && before.movedSeen() >= MOVE_AFTER;
    String target = moved ? before.movedTo().get() : configured;
    Duration readTimeout = feed.timeout().orElse(settings.readTimeout());
    FetchOutcome outcome = withHostSlot(target,
        () -> fetcher.fetch(target, before.validators(), ACCEPT, readTimeout));

    if (outcome instanceof FetchOutcome.NotModified) {
      FetchOutcome.NotModified nm = (FetchOutcome.NotModified) outcome;
      save(success(before, now, 304, before.itemsLastFetch(), before.validators(), moved,
          nm.movedPermanently()));
      return new FeedResult.NotModified(feed, since(t0), cached(feed));
    }
    if (outcome instanceof FetchOutcome.Failure) {
      FetchOutcome.Failure f = (FetchOutcome.Failure) outcome;
      save(failure(before, now, f.status(), f.reason(), f.retryAfter()));
      return new FeedResult.Failed(feed, f.reason(), since(t0));
    }
    FetchOutcome.Body body = (FetchOutcome.Body) outcome;
    ParsedFeed parsed;
    try {
      parsed = parser.parse(body.body(), body.contentType(), body.finalUrl(), feed, now);
    } catch (FeedParseException e) {
      save(failure(before, now, body.status(), e.getMessage(), Optional.empty()));
      return new FeedResult.Failed(feed, e.getMessage(), since(t0));
    }
    // Articles before validators: a 304 must never be answered without the articles behind it.
    articles.ifPresent(r -> r.save(feed.url(), parsed.format(), parsed.articles(), now));
    save(success(before, now, body.status(), parsed.articles().size(),
        new Validators(body.etag(), body.lastModified()), moved, body.movedPermanently()));
    return new FeedResult.Fetched(feed, parsed.format(), parsed.articles(), since(t0));
  }

  private FetchOutcome withHostSlot(String url, java.util.function.Supplier<FetchOutcome> work) {
    try {
      return hosts.run(url, work);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new FetchOutcome.Failure(0, "interrupted", Optional.empty());
    }
  }

  private static FeedState success(FeedState b, Instant now, int status, int items,
      Validators validators, boolean alreadyMoved, Optional<String> movedNow) {
    Optional<String> movedTo = b.movedTo();
    int movedSeen = b.movedSeen();
    if (!alreadyMoved) {
      if (movedNow.isPresent()) {
        movedSeen = movedNow.equals(b.movedTo()) ? movedSeen + 1 : 1;
        movedTo = movedNow;
      } else {
        movedSeen = 0;
        movedTo = Optional.empty();
      }
    }
    return new FeedState(b.feedUrl(), validators.etag(), validators.lastModified(), status,
        Optional.empty(), Optional.of(now), Optional.of(now), items, 0, Optional.empty(), movedTo,
        movedSeen);
  }

  private static FeedState failure(FeedState b, Instant now, int status, String reason,
      Optional<Duration> retryAfter) {
    int failures = b.consecutiveFailures() + 1;
    Optional<Duration> wait = backoff(failures);
    if (retryAfter.isPresent()) {
      Duration ra = retryAfter.get().compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : retryAfter.get();
      wait = Optional.of(wait.filter(w -> w.compareTo(ra) > 0).orElse(ra));
    }
    // Validators are dropped: the next fetch must see the body again to tell if it was fixed.
    return new FeedState(b.feedUrl(), Optional.empty(), Optional.empty(), status,
        Optional.of(reason), Optional.of(now), b.lastSuccessAt(), b.itemsLastFetch(), failures,
        wait.map(now::plus), b.movedTo(), b.movedSeen());
  }

  /**
   * How long to leave a feed alone after {@code failures} consecutive failures: nothing after the
   * first (a blip), then 5 min doubling per failure, capped at one day.
   */
  static Optional<Duration> backoff(int failures) {
    if (failures < 2) {
      return Optional.empty();
    }
    int exp = Math.min(failures - 2, 20);
    Duration d = BACKOFF_BASE.multipliedBy(1L << exp);
    return Optional.of(d.compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : d);
  }

  private List<Article> cached(FeedSettings feed) {
    if (!loadCached) {
      return List.of();
    }
    return articles.flatMap(r -> r.find(feed.url())).map(FeedArticlesRepository.Cached::articles)
        .orElse(List.of());
  }

  private void save(FeedState s) {
    state.ifPresent(r -> r.save(s));
  }

  /** A configured location as a URL: a bare path (ad-hoc {@code feeds show FILE}) becomes file:. */
  static String location(String url) {
    String u = url.trim();
    int colon = u.indexOf(':');
    boolean hasScheme = colon > 1 && u.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
    if (hasScheme) {
      return u;
    }
    try {
      return Path.of(u).toAbsolutePath().normalize().toUri().toString();
    } catch (RuntimeException e) {
      return u;
    }
  }

  private static String hostKey(String url) {
    return HostLimiter.hostKey(url);
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  @Override
  public void close() {
    pool.shutdownNow();
    fetcher.close();
  }
}
