package dev.digest.feed;

import dev.digest.config.FeedSettings;
import dev.digest.config.FetchSettings;
import dev.digest.http.FetchOutcome;
import dev.digest.http.HostLimiter;
import dev.digest.http.HttpFetcher;
import dev.digest.http.Validators;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches and parses feeds: all of them concurrently within the configured limits. One broken feed
 * never stops the others: it becomes a {@link FeedResult.Failed}. Thread-safe.
 */
public final class FeedReader implements AutoCloseable {

  /** A permanent redirect seen on this many consecutive fetches moves the feed. */
  public static final int MOVE_AFTER = 3;

  /** At most this many feeds are stored per transaction by {@link #readAll}. */
  static final int BATCH = 256;

  /** ... and at most this many bytes of cached articles (deflated, as they are held and stored). */
  static final long BATCH_BYTES = 512L << 10;

  /**
   * How long the writer waits for more feeds before it commits what it has: few commits leave
   * little for H2 to compact when the database closes (a check of 1,000 feeds: 5 commits).
   */
  static final Duration LINGER = Duration.ofSeconds(1);

  static final Duration BACKOFF_BASE = Duration.ofMinutes(5);
  static final Duration BACKOFF_MAX = Duration.ofDays(1);

  /** What a feed fetch asks for: the feed types first, anything else last. */
  public static final String ACCEPT =
      "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9,"
          + " application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";

  private static final Logger log = LoggerFactory.getLogger(FeedReader.class);

  private final FetchSettings settings;
  private final Optional<FeedStateRepository> state;
  private final Optional<FeedArticlesRepository> articles;
  private final Optional<Instant> cachedSince;
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
    this(
        settings,
        state,
        articles,
        loadCached ? Optional.of(Instant.EPOCH) : Optional.empty(),
        clock);
  }

  /**
   * @param cachedSince answer a 304 with the cached articles published at or after this instant
   *     (the next edition's window start: older ones cannot be taken, and a feed whose cache holds
   *     only older ones costs no read of its articles); empty: never load them
   */
  public FeedReader(
      FetchSettings settings,
      Optional<FeedStateRepository> state,
      Optional<FeedArticlesRepository> articles,
      Optional<Instant> cachedSince,
      Clock clock) {
    this.settings = settings;
    this.state = state;
    this.articles = articles;
    this.cachedSince = cachedSince;
    this.clock = clock;
    this.fetcher = new HttpFetcher(settings);
    this.hosts = new HostLimiter(settings.perHost());
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "feed-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()), threads);
  }

  /** Reads every feed, in the order given. */
  public List<FeedResult> readAll(List<FeedSettings> feeds) {
    return readAll(feeds, r -> r);
  }

  /**
   * Reads every feed and hands each result to {@code each} on the thread that read it, as soon as
   * it is read; returns what {@code each} made of them, in the order given. A caller that needs
   * only a few numbers per feed thus never holds every feed's articles at once.
   *
   * <p>Feed state is loaded with one query up front, and what the reads leave to store (state,
   * cached articles) is written by one writer in batches, one transaction for several feeds, while
   * the other feeds are still being fetched; all of it is committed before this returns.
   */
  public <T> List<T> readAll(List<FeedSettings> feeds, Function<FeedResult, T> each) {
    long t0 = System.nanoTime();
    Known known = new Known(preload(), inWindow());
    AtomicInteger unchanged = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Future<T>> futures = new ArrayList<>(feeds.size());
    for (int i = 0; i < feeds.size(); i++) {
      futures.add(null);
    }
    try (Writer writer = new Writer()) {
      // Submit round-robin across hosts so the per-host limit does not park the whole pool on one.
      Map<String, List<Integer>> byHost = new LinkedHashMap<>();
      for (int i = 0; i < feeds.size(); i++) {
        byHost
            .computeIfAbsent(hostKey(location(feeds.get(i).url())), k -> new ArrayList<>())
            .add(i);
      }
      for (int round = 0; ; round++) {
        boolean any = false;
        for (List<Integer> idx : byHost.values()) {
          if (round < idx.size()) {
            int i = idx.get(round);
            FeedSettings f = feeds.get(i);
            futures.set(
                i,
                pool.submit(
                    () -> {
                      FeedResult r = read(f, known, writer);
                      T made = each.apply(r);
                      if (r instanceof FeedResult.NotModified) {
                        unchanged.incrementAndGet();
                      } else if (r instanceof FeedResult.Failed) {
                        failed.incrementAndGet();
                      }
                      return made;
                    }));
            any = true;
          }
        }
        if (!any) {
          break;
        }
      }
      List<T> results = new ArrayList<>(feeds.size());
      for (int i = 0; i < feeds.size(); i++) {
        try {
          results.add(futures.get(i).get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failed.incrementAndGet();
          results.add(
              each.apply(new FeedResult.Failed(feeds.get(i), "interrupted", Duration.ZERO)));
        } catch (ExecutionException e) {
          failed.incrementAndGet();
          results.add(
              each.apply(
                  new FeedResult.Failed(
                      feeds.get(i),
                      "internal error: " + HttpFetcher.oneLine(e.getCause()),
                      Duration.ZERO)));
        }
      }
      writer.close();
      log.info(
          "feeds read feeds={} fetched={} not_modified={} failed={} store_failed={}"
              + " elapsed_ms={}",
          feeds.size(),
          feeds.size() - failed.get() - unchanged.get(),
          unchanged.get(),
          failed.get(),
          writer.failures(),
          (System.nanoTime() - t0) / 1_000_000);
      return results;
    }
  }

  /** Reads one feed and stores what it leaves before returning. Never throws. */
  public FeedResult read(FeedSettings feed) {
    return read(feed, Known.NOTHING, null);
  }

  /**
   * What a {@link #readAll} loads up front instead of asking once per feed.
   *
   * @param states every stored state (empty: one query per feed)
   * @param inWindow the feeds whose cached articles a 304 may have to answer with (empty: one query
   *     per 304)
   */
  private record Known(Optional<Map<String, FeedState>> states, Optional<Set<String>> inWindow) {
    static final Known NOTHING = new Known(Optional.empty(), Optional.empty());
  }

  /**
   * @param known what was loaded up front
   * @param writer the batch writer of a {@link #readAll}, null to store right away
   */
  private FeedResult read(FeedSettings feed, Known known, Writer writer) {
    long t0 = System.nanoTime();
    try {
      FeedState before =
          known.states().isPresent()
              ? known.states().get().getOrDefault(feed.url(), FeedState.fresh(feed.url()))
              : state.flatMap(s -> s.find(feed.url())).orElse(FeedState.fresh(feed.url()));
      Read r = readUnchecked(feed, before, t0, known);
      if (r.store().isPresent()) {
        if (writer == null) {
          store(List.of(r.store().get()));
        } else {
          writer.put(r.store().get());
        }
      }
      log.debug(
          "feed read feed_url={} result={} elapsed_ms={}",
          feed.url(),
          r.result().getClass().getSimpleName(),
          r.result().elapsed().toMillis());
      return r.result();
    } catch (RuntimeException e) {
      log.warn("feed read failed feed_url={} error={}", feed.url(), HttpFetcher.oneLine(e), e);
      return new FeedResult.Failed(feed, "internal error: " + HttpFetcher.oneLine(e), since(t0));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new FeedResult.Failed(feed, "interrupted", since(t0));
    }
  }

  /** What reading a feed leaves to store: its new state and, after a 200, its articles. */
  private record Store(FeedState state, Optional<FeedArticlesRepository.Entry> articles) {}

  private record Read(FeedResult result, Optional<Store> store) {}

  private Read readUnchecked(FeedSettings feed, FeedState before, long t0, Known known) {
    Instant now = clock.instant();
    String configured = location(feed.url());
    if (before.nextFetchAfter().isPresent() && before.nextFetchAfter().get().isAfter(now)) {
      return new Read(notModified(feed, t0, before, known), Optional.empty());
    }
    boolean moved = before.movedTo().isPresent() && before.movedSeen() >= MOVE_AFTER;
    String target = moved ? before.movedTo().get() : configured;
    Duration readTimeout = feed.timeout().orElse(settings.readTimeout());
    FetchOutcome outcome =
        withHostSlot(target, () -> fetcher.fetch(target, before.validators(), ACCEPT, readTimeout));

    if (outcome instanceof FetchOutcome.NotModified) {
      FetchOutcome.NotModified nm = (FetchOutcome.NotModified) outcome;
      FeedState after =
          success(
              before,
              now,
              304,
              before.itemsLastFetch(),
              before.validators(),
              moved,
              nm.movedPermanently());
      return new Read(notModified(feed, t0, before, known), stored(after, Optional.empty()));
    }
    if (outcome instanceof FetchOutcome.Failure) {
      FetchOutcome.Failure f = (FetchOutcome.Failure) outcome;
      return new Read(
          new FeedResult.Failed(feed, f.reason(), since(t0)),
          stored(failure(before, now, f.status(), f.reason(), f.retryAfter()), Optional.empty()));
    }
    FetchOutcome.Body body = (FetchOutcome.Body) outcome;
    ParsedFeed parsed;
    try {
      parsed = parser.parse(body.body(), body.contentType(), body.finalUrl(), feed, now);
    } catch (FeedParseException e) {
      return new Read(
          new FeedResult.Failed(feed, e.getMessage(), since(t0)),
          stored(
              failure(before, now, body.status(), e.getMessage(), Optional.empty()),
              Optional.empty()));
    }
    // Articles and validators are stored together (articles first, one transaction): a 304 must
    // never be answered without the articles behind it.
    Optional<FeedArticlesRepository.Entry> cache =
        state.isPresent()
            ? articles.map(r -> r.entry(feed.url(), parsed.format(), parsed.articles(), now))
            : Optional.empty();
    FeedState after =
        success(
            before,
            now,
            body.status(),
            parsed.articles().size(),
            new Validators(body.etag(), body.lastModified()),
            moved,
            body.movedPermanently());
    return new Read(
        new FeedResult.Fetched(feed, parsed.format(), parsed.articles(), since(t0)),
        stored(after, cache));
  }

  private Optional<Store> stored(FeedState after, Optional<FeedArticlesRepository.Entry> cache) {
    return state.isPresent() ? Optional.of(new Store(after, cache)) : Optional.empty();
  }

  private FeedResult.NotModified notModified(
      FeedSettings feed, long t0, FeedState before, Known known) {
    int items = before.lastSuccessAt().isPresent() ? before.itemsLastFetch() : -1;
    return new FeedResult.NotModified(feed, since(t0), cached(feed, known), items);
  }

  /** Stores {@code batch} in one transaction; when that fails, each one on its own. */
  private int store(List<Store> batch) {
    FeedStateRepository states = state.orElseThrow();
    List<FeedStateRepository.Update> updates = new ArrayList<>(batch.size());
    for (Store s : batch) {
      updates.add(new FeedStateRepository.Update(s.state(), s.articles()));
    }
    try {
      states.saveAll(updates, articles);
      return 0;
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        throw e;
      }
    }
    int failures = 0;
    for (Store s : batch) {
      try {
        store(List.of(s));
      } catch (RuntimeException e) {
        failures++;
        log.warn(
            "feed state not stored feed_url={} error={}",
            s.state().feedUrl(),
            HttpFetcher.oneLine(e),
            e);
      }
    }
    return failures;
  }

  /**
   * With one query, the feeds whose cached articles reach into the window, when a 304 is to be
   * answered with them: a "nothing new" send then asks about no other feed (it was one query per
   * feed, on the fetch threads, between one request and the next).
   */
  private Optional<Set<String>> inWindow() {
    if (cachedSince.isEmpty() || articles.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(articles.get().feedsWithArticlesSince(cachedSince.get()));
    } catch (RuntimeException e) {
      log.warn("cached articles not looked up error={}", HttpFetcher.oneLine(e));
      return Optional.empty();
    }
  }

  private Optional<Map<String, FeedState>> preload() {
    if (state.isEmpty()) {
      return Optional.of(Map.of());
    }
    try {
      return Optional.of(state.get().findAllByUrl());
    } catch (RuntimeException e) {
      // Each read then asks for its own row (and fails on its own if the database is gone).
      log.warn("feed state not loaded error={}", HttpFetcher.oneLine(e));
      return Optional.empty();
    }
  }

  /**
   * The one thread that stores a {@link #readAll}'s results: it collects what the readers leave for
   * up to {@link #LINGER} (or {@value #BATCH} feeds, or {@link #BATCH_BYTES} of articles) and
   * writes it in one transaction. Every commit rewrites the table pages it touched (and, on H2,
   * writes them to the file), so a few large commits cost far less than one per feed. The queue is
   * bounded, so readers wait rather than pile up articles when the database is the slower side.
   */
  private final class Writer implements AutoCloseable {
    private static final Store END = new Store(FeedState.fresh(""), Optional.empty());
    private final BlockingQueue<Store> queue = new ArrayBlockingQueue<>(64);
    private final AtomicInteger failures = new AtomicInteger();
    private final Thread thread;
    private boolean closed;

    Writer() {
      thread = new Thread(this::run, "feed-store");
      thread.setDaemon(true);
      if (state.isPresent()) {
        thread.start();
      }
    }

    void put(Store s) throws InterruptedException {
      queue.put(s);
    }

    private void run() {
      List<Store> batch = new ArrayList<>();
      boolean end = false;
      while (!end) {
        try {
          long bytes = 0;
          long deadline = 0;
          while (batch.size() < BATCH && bytes < BATCH_BYTES) {
            Store s =
                batch.isEmpty()
                    ? queue.take()
                    : queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (s == null) {
              break;
            }
            if (s == END) {
              end = true;
              break;
            }
            if (batch.isEmpty()) {
              deadline = System.nanoTime() + LINGER.toNanos();
            }
            batch.add(s);
            bytes += s.articles().map(a -> (long) a.deflated().length).orElse(0L);
          }
        } catch (InterruptedException e) {
          end = true;
        }
        if (!batch.isEmpty()) {
          try {
            log.debug("feed state storing feeds={}", batch.size());
            failures.addAndGet(store(batch));
          } catch (RuntimeException e) {
            failures.addAndGet(batch.size());
            log.warn(
                "feed state not stored feeds={} error={}", batch.size(), HttpFetcher.oneLine(e), e);
          }
        }
        batch.clear();
      }
    }

    int failures() {
      return failures.get();
    }

    /** Waits until everything put so far is committed. */
    @Override
    public void close() {
      if (closed || !thread.isAlive()) {
        closed = true;
        return;
      }
      closed = true;
      try {
        queue.put(END);
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private FetchOutcome withHostSlot(String url, java.util.function.Supplier<FetchOutcome> work) {
    try {
      return hosts.run(url, work);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new FetchOutcome.Failure(0, "interrupted", Optional.empty());
    }
  }

  private static FeedState success(
      FeedState b,
      Instant now,
      int status,
      int items,
      Validators validators,
      boolean alreadyMoved,
      Optional<String> movedNow) {
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
    return new FeedState(
        b.feedUrl(),
        validators.etag(),
        validators.lastModified(),
        status,
        Optional.empty(),
        Optional.of(now),
        Optional.of(now),
        items,
        0,
        Optional.empty(),
        movedTo,
        movedSeen);
  }

  private static FeedState failure(
      FeedState b, Instant now, int status, String reason, Optional<Duration> retryAfter) {
    int failures = b.consecutiveFailures() + 1;
    Optional<Duration> wait = backoff(failures);
    if (retryAfter.isPresent()) {
      Duration ra = retryAfter.get().compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : retryAfter.get();
      wait = Optional.of(wait.filter(w -> w.compareTo(ra) > 0).orElse(ra));
    }
    // Validators are dropped: the next fetch must see the body again to tell if it was fixed.
    return new FeedState(
        b.feedUrl(),
        Optional.empty(),
        Optional.empty(),
        status,
        Optional.of(reason),
        Optional.of(now),
        b.lastSuccessAt(),
        b.itemsLastFetch(),
        failures,
        wait.map(now::plus),
        b.movedTo(),
        b.movedSeen());
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

  private List<Article> cached(FeedSettings feed, Known known) {
    if (cachedSince.isEmpty()
        || (known.inWindow().isPresent() && !known.inWindow().get().contains(feed.url()))) {
      return List.of();
    }
    Instant since = cachedSince.get();
    return articles
        .flatMap(r -> r.find(feed.url(), since))
        .map(FeedArticlesRepository.Cached::articles)
        .orElse(List.of());
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
