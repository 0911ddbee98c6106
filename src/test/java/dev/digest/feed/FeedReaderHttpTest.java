package dev.digest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.FeedSettings;
import dev.digest.config.FetchSettings;
import dev.digest.store.Database;
import dev.digest.testing.MutableClock;
import dev.digest.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FeedReader against a real HTTP server on 127.0.0.1: the hostile web, one case at a time. */
class FeedReaderHttpTest {

  static final long MAX_BYTES = 1_000_000;
  static final FetchSettings SETTINGS =
      new FetchSettings(
          8,
          2,
          Duration.ofSeconds(2),
          Duration.ofSeconds(2),
          MAX_BYTES,
          "digest-test/1.0 (+https://example.org/digest)");

  private TestServer server;
  private final CountDownLatch release = new CountDownLatch(1);
  private Database db;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-03T12:00:00Z"));

  @BeforeEach
  void setUp() throws IOException {
    server = new TestServer();
    db = TestDatabase.h2().open();
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    server.close();
    db.close();
  }

  private FeedReader reader(boolean withState) {
    return new FeedReader(
        SETTINGS, withState ? Optional.of(new FeedStateRepository(db)) : Optional.empty(), clock);
  }

  private static FeedSettings feed(String url) {
    return new FeedSettings(url, "", "", false, Optional.empty(), 0);
  }

  @Test
  void okFeedIsParsedWithFormatAndUserAgent() {
    AtomicReferenceString ua = new AtomicReferenceString();
    server.route(
        "/feed",
        ex -> {
          ua.value = ex.getRequestHeaders().getFirst("User-Agent");
          TestServer.send(ex, 200, "application/rss+xml", Fixtures.rss("Ok", 3));
        });
    try (FeedReader r = reader(false)) {
      FeedResult res = r.read(feed(server.url("/feed")));
      assertThat(res).isInstanceOf(FeedResult.Fetched.class);
      FeedResult.Fetched f = (FeedResult.Fetched) res;
      assertThat(f.format()).isEqualTo("rss-2.0");
      assertThat(f.articles())
          .extracting(Article::title)
          .containsExactly("Ok item 1", "Ok item 2", "Ok item 3");
      assertThat(f.articles().get(0).source()).isEqualTo("Ok");
      assertThat(ua.value).isEqualTo(SETTINGS.userAgent());
    }
  }

  @Test
  void secondFetchIsNotModifiedAndCostsNoParse() {
    server.route(
        "/feed",
        ex -> {
          if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
            TestServer.send(ex, 304, "", new byte[0]);
            return;
          }
          ex.getResponseHeaders().set("ETag", "\"v1\"");
          ex.getResponseHeaders().set("Last-Modified", "Mon, 02 Mar 2026 10:00:00 GMT");
          TestServer.send(ex, 200, "application/rss+xml", Fixtures.rss("Cond", 2));
        });
    try (FeedReader r = reader(true)) {
      FeedSettings f = feed(server.url("/feed"));
      assertThat(r.read(f)).isInstanceOf(FeedResult.Fetched.class);
      FeedResult second = r.read(f);
      assertThat(second).isInstanceOf(FeedResult.NotModified.class);
      // The item count of a 304 comes from the stored state: nothing is parsed or decoded for it.
      assertThat(((FeedResult.NotModified) second).items()).isEqualTo(2);
      assertThat(server.hits("/feed")).isEqualTo(2);
      FeedState s = new FeedStateRepository(db).find(f.url()).orElseThrow();
      assertThat(s.etag()).contains("\"v1\"");
      assertThat(s.lastModified()).contains("Mon, 02 Mar 2026 10:00:00 GMT");
      assertThat(s.lastStatus()).isEqualTo(304);
      assertThat(s.itemsLastFetch()).isEqualTo(2);
    }
  }

  @Test
  void permanentRedirectChainIsFollowedAndMovesTheFeedAfterThreeFetches() {
    server.route("/a", ex -> redirect(ex, 301, server.url("/b")));
    server.route("/b", ex -> redirect(ex, 308, server.url("/c")));
    server.route("/c", ex -> TestServer.send(ex, 200, "application/rss+xml", Fixtures.rss("C", 1)));
    try (FeedReader r = reader(true)) {
      FeedSettings f = feed(server.url("/a"));
      for (int i = 0; i < 3; i++) {
        assertThat(r.read(f)).isInstanceOf(FeedResult.Fetched.class);
      }
      FeedState s = new FeedStateRepository(db).find(f.url()).orElseThrow();
      assertThat(s.movedTo()).contains(server.url("/c"));
      assertThat(s.movedSeen()).isEqualTo(3);
      assertThat(r.read(f)).isInstanceOf(FeedResult.Fetched.class);
      assertThat(server.hits("/a")).isEqualTo(3);
      assertThat(server.hits("/c")).isEqualTo(4);
    }
  }

  @Test
  void temporaryRedirectDoesNotMoveTheFeed() {
    server.route("/a", ex -> redirect(ex, 302, server.url("/c")));
    server.route("/c", ex -> TestServer.send(ex, 200, "application/rss+xml", Fixtures.rss("C", 1)));
    try (FeedReader r = reader(true)) {
      FeedSettings f = feed(server.url("/a"));
      for (int i = 0; i < 4; i++) {
        assertThat(r.read(f)).isInstanceOf(FeedResult.Fetched.class);
      }
      assertThat(new FeedStateRepository(db).find(f.url()).orElseThrow().movedTo()).isEmpty();
      assertThat(server.hits("/a")).isEqualTo(4);
    }
  }

  @Test
  void redirectLoopFails() {
    server.route("/x", ex -> redirect(ex, 302, server.url("/y")));
    server.route("/y", ex -> redirect(ex, 302, server.url("/x")));
    try (FeedReader r = reader(false)) {
      assertThat(failure(r.read(feed(server.url("/x"))))).startsWith("redirect loop");
    }
  }

  @Test
  void tooManyRedirectsFail() {
    server.route(
        "/r",
        ex -> {
          int n = Integer.parseInt(ex.getRequestURI().getQuery().substring(2));
          redirect(ex, 302, server.url("/r?n=" + (n + 1)));
        });
    try (FeedReader r = reader(false)) {
      assertThat(failure(r.read(feed(server.url("/r?n=0"))))).isEqualTo("more than 5 redirects");
    }
  }

  @Test
  void tooManyRequestsHonoursRetryAfter() {
    server.route(
        "/busy",
        ex -> {
          ex.getResponseHeaders().set("Retry-After", "120");
          TestServer.send(ex, 429, "text/plain", "slow down");
        });
    try (FeedReader r = reader(true)) {
      FeedSettings f = feed(server.url("/busy"));
      assertThat(failure(r.read(f))).isEqualTo("HTTP 429");
      FeedState s = new FeedStateRepository(db).find(f.url()).orElseThrow();
      assertThat(s.nextFetchAfter()).contains(clock.instant().plusSeconds(120));
      assertThat(s.lastError()).contains("HTTP 429");
      assertThat(r.read(f)).isInstanceOf(FeedResult.NotModified.class);
      assertThat(server.hits("/busy")).isEqualTo(1);
      clock.advance(Duration.ofSeconds(121));
      assertThat(r.read(f)).isInstanceOf(FeedResult.Failed.class);
      assertThat(server.hits("/busy")).isEqualTo(2);
    }
  }

  @Test
  void serverErrorsBackOffExponentiallyAndRecover() {
    AtomicInteger calls = new AtomicInteger();
    server.route(
        "/flaky",
        ex -> {
          if (calls.incrementAndGet() <= 3) {
            TestServer.send(ex, 500, "text/plain", "oops");
          } else {
            TestServer.send(ex, 200, "application/rss+xml", Fixtures.rss("Back", 1));
          }
        });
    FeedStateRepository repo = new FeedStateRepository(db);
    try (FeedReader r = reader(true)) {
      FeedSettings f = feed(server.url("/flaky"));
      assertThat(failure(r.read(f))).isEqualTo("HTTP 500");
      assertThat(repo.find(f.url()).orElseThrow().nextFetchAfter()).isEmpty();
      assertThat(failure(r.read(f))).isEqualTo("HTTP 500");
      assertThat(repo.find(f.url()).orElseThrow().nextFetchAfter())
          .contains(clock.instant().plus(Duration.ofMinutes(5)));
      clock.advance(Duration.ofMinutes(6));
      assertThat(failure(r.read(f))).isEqualTo("HTTP 500");
      FeedState s = repo.find(f.url()).orElseThrow();
      assertThat(s.consecutiveFailures()).isEqualTo(3);
      assertThat(s.nextFetchAfter()).contains(clock.instant().plus(Duration.ofMinutes(10)));
      clock.advance(Duration.ofMinutes(11));
      assertThat(r.read(f)).isInstanceOf(FeedResult.Fetched.class);
      s = repo.find(f.url()).orElseThrow();
      assertThat(s.consecutiveFailures()).isZero();
      assertThat(s.lastError()).isEmpty();
      assertThat(s.nextFetchAfter()).isEmpty();
    }
  }

  @Test
  void backoffIsCappedAtOneDay() {
    assertThat(FeedReader.backoff(1)).isEmpty();
    assertThat(FeedReader.backoff(2)).contains(Duration.ofMinutes(5));
    assertThat(FeedReader.backoff(4)).contains(Duration.ofMinutes(20));
    assertThat(FeedReader.backoff(30)).contains(Duration.ofDays(1));
  }

  @Test
  void stallMidBodyTimesOut() {
    server.route(
        "/stall",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "application/rss+xml");
          ex.sendResponseHeaders(200, 0);
          OutputStream out = ex.getResponseBody();
          out.write("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>".getBytes());
          out.flush();
          await(release);
        });
    try (FeedReader r = reader(false)) {
      assertThat(failure(r.read(feed(server.url("/stall"))))).startsWith("read timeout");
    }
  }

  @Test
  void perFeedTimeoutOverridesTheDefault() {
    server.route("/slow-headers", ex -> await(release));
    FeedSettings impatient =
        new FeedSettings(
            server.url("/slow-headers"), "", "", false, Optional.of(Duration.ofMillis(300)), 0);
    try (FeedReader r = reader(false)) {
      assertThat(failure(r.read(impatient))).isEqualTo("read timeout after 0.3 s");
    }
  }

  @Test
  void hugeBodyIsCutAtTheCapWithoutReadingItAll() {
    long total = 200L * 1024 * 1024;
    AtomicLong written = new AtomicLong();
    server.route(
        "/huge",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "application/rss+xml");
          ex.sendResponseHeaders(200, 0);
          byte[] chunk = "<item><title>x</title></item>\n".repeat(2000).getBytes();
          try (OutputStream out = ex.getResponseBody()) {
            out.write("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>".getBytes());
            while (written.get() < total) {
              out.write(chunk);
              written.addAndGet(chunk.length);
            }
          } catch (IOException expectedWhenClientHangsUp) {
            // the reader stopped reading
          }
        });
    try (FeedReader r = reader(false)) {
      assertThat(failure(r.read(feed(server.url("/huge")))))
          .isEqualTo("body larger than 1000000 bytes: stopped reading");
    }
    assertThat(written.get()).isLessThan(total / 4);
  }

  @Test
  void declaredHugeLengthIsRefusedBeforeReading() {
    AtomicLong written = new AtomicLong();
    server.route(
        "/declared",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "application/rss+xml");
          long length = 1L << 30;
          ex.sendResponseHeaders(200, length);
          byte[] chunk = new byte[64 * 1024];
          try (OutputStream out = ex.getResponseBody()) {
            while (written.get() < length) {
              out.write(chunk);
              written.addAndGet(chunk.length);
            }
          } catch (IOException expectedWhenClientHangsUp) {
            // the reader refused the body
          }
        });
    try (FeedReader r = reader(false)) {
      assertThat(failure(r.read(feed(server.url("/declared")))))
          .isEqualTo("body larger than 1000000 bytes: stopped reading");
    }
    assertThat(written.get()).isLessThan(1L << 28);
  }

  @Test
  void gzipBombIsStoppedAfterDecompression() throws IOException {
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(packed)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        gz.write(zeros);
      }
    }
    byte[] bomb = packed.toByteArray();
    assertThat(bomb.length).isLessThan((int) MAX_BYTES);
    server.route(
        "/bomb",
        ex -> {
          ex.getResponseHeaders().set("Content-Encoding", "gzip");
          TestServer.send(ex, 200, "application/rss+xml", bomb);
        });
    try (FeedReader r = reader(false)) {
      assertThat(failure(r.read(feed(server.url("/bomb")))))
          .isEqualTo("body larger than 1000000 bytes after decompression");
    }
  }

  @Test
  void gzipAndDeflateBodiesAreDecoded() throws IOException {
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(packed)) {
      gz.write(Fixtures.rss("Zipped", 2).getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    try (java.util.zip.DeflaterOutputStream d = new java.util.zip.DeflaterOutputStream(deflated)) {
      d.write(Fixtures.rss("Deflated", 1).getBytes(StandardCharsets.UTF_8));
    }
    server.route(
        "/gz",
        ex -> {
          assertThat(ex.getRequestHeaders().getFirst("Accept-Encoding")).contains("gzip");
          ex.getResponseHeaders().set("Content-Encoding", "gzip");
          TestServer.send(ex, 200, "application/rss+xml", packed.toByteArray());
        });
    server.route(
        "/deflate",
        ex -> {
          ex.getResponseHeaders().set("Content-Encoding", "deflate");
          TestServer.send(ex, 200, "application/rss+xml", deflated.toByteArray());
        });
    try (FeedReader r = reader(false)) {
      assertThat(((FeedResult.Fetched) r.read(feed(server.url("/gz")))).articles()).hasSize(2);
      assertThat(((FeedResult.Fetched) r.read(feed(server.url("/deflate")))).articles()).hasSize(1);
    }
  }

  @Test
  void wrongCharsetHeaderIsOverruledByValidUtf8() {
    String rss = Fixtures.rss("Café über", 1);
    server.route(
        "/latin",
        ex ->
            TestServer.send(
                ex, 200, "text/xml; charset=ISO-8859-1", rss.getBytes(StandardCharsets.UTF_8)));
    try (FeedReader r = reader(false)) {
      FeedResult.Fetched f = (FeedResult.Fetched) r.read(feed(server.url("/latin")));
      assertThat(f.articles().get(0).title()).isEqualTo("Café über item 1");
    }
  }

  @Test
  void latin1BodyDeclaredInTheHeaderIsDecoded() {
    String rss = Fixtures.rss("Café", 1).replace("encoding=\"UTF-8\"", "");
    server.route(
        "/latin",
        ex ->
            TestServer.send(
                ex,
                200,
                "text/xml; charset=ISO-8859-1",
                rss.getBytes(StandardCharsets.ISO_8859_1)));
    try (FeedReader r = reader(false)) {
      FeedResult.Fetched f = (FeedResult.Fetched) r.read(feed(server.url("/latin")));
      assertThat(f.articles().get(0).title()).isEqualTo("Café item 1");
    }
  }

  @Test
  void xxeCannotReadLocalFiles(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-42");
    String xxe =
        """
        <?xml version="1.0"?>
        <!DOCTYPE rss [<!ENTITY xxe SYSTEM "%s">]>
        <rss version="2.0"><channel><title>&xxe;</title><link>https://example.org/</link>
        <item><title>Leak &xxe;</title><link>https://example.org/1</link>
        <description>&xxe;</description></item></channel></rss>
        """
            .formatted(secret.toUri());
    server.route("/xxe", ex -> TestServer.send(ex, 200, "application/rss+xml", xxe));
    try (FeedReader r = reader(false)) {
      FeedResult res = r.read(feed(server.url("/xxe")));
      assertThat(res.toString()).doesNotContain("TOP-SECRET-42");
      if (res instanceof FeedResult.Fetched) {
        for (Article a : ((FeedResult.Fetched) res).articles()) {
          assertThat(a.title() + a.contentHtml() + a.source()).doesNotContain("TOP-SECRET");
        }
      }
    }
  }

  @Test
  void billionLaughsIsNotExpanded() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
    dtd.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for (int i = 2; i <= 9; i++) {
      dtd.append("<!ENTITY lol").append(i).append(" \"");
      dtd.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
    }
    dtd.append("]>\n");
    String xml =
        "<?xml version=\"1.0\"?>\n"
            + dtd
            + """
        <rss version="2.0"><channel><title>Laughs</title><link>https://example.org/</link>
        <item><title>&lol9;</title><link>https://example.org/1</link></item></channel></rss>
        """;
    server.route("/lol", ex -> TestServer.send(ex, 200, "application/rss+xml", xml));
    try (FeedReader r = reader(false)) {
      FeedResult res = r.read(feed(server.url("/lol")));
      if (res instanceof FeedResult.Fetched) {
        for (Article a : ((FeedResult.Fetched) res).articles()) {
          assertThat(a.title().length()).isLessThan(100);
          assertThat(a.title()).doesNotContain("lollol");
        }
      } else {
        assertThat(failure(res)).doesNotContain("\n");
      }
    }
  }

  @Test
  void perHostLimitIsKept() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    server.route(
        "/slow",
        ex -> {
          int now = inFlight.incrementAndGet();
          maxInFlight.accumulateAndGet(now, Math::max);
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inFlight.decrementAndGet();
          TestServer.send(ex, 200, "application/rss+xml", Fixtures.rss("Slow", 1));
        });
    List<FeedSettings> feeds = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      feeds.add(feed(server.url("/slow?i=" + i)));
    }
    try (FeedReader r = reader(false)) {
      List<FeedResult> results = r.readAll(feeds);
      assertThat(results).allMatch(x -> x instanceof FeedResult.Fetched);
    }
    assertThat(maxInFlight.get()).isEqualTo(2);
  }

  @Test
  void oneReadAllWithEveryKindOfTroubleStillDeliversTheGoodFeeds() throws IOException {
    server.route(
        "/good1", ex -> TestServer.send(ex, 200, "application/rss+xml", Fixtures.rss("G1", 2)));
    server.route(
        "/good2",
        ex ->
            TestServer.send(
                ex,
                200,
                "application/atom+xml",
                """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>G2</title><id>urn:g2</id>
        <updated>2026-03-01T00:00:00Z</updated>
        <entry><title>Atom one</title><id>urn:g2:1</id><link href="https://example.org/a1"/>
        <updated>2026-03-01T00:00:00Z</updated></entry></feed>
        """));
    server.route("/500", ex -> TestServer.send(ex, 500, "text/plain", "no"));
    server.route("/404", ex -> TestServer.send(ex, 404, "text/plain", "no"));
    server.route(
        "/html",
        ex ->
            TestServer.send(
                ex,
                200,
                "text/html",
                "<!DOCTYPE html><html><body><p>Not a feed</p></body></html>"));
    server.route("/loop", ex -> redirect(ex, 302, server.url("/loop")));
    server.route(
        "/stall",
        ex -> {
          ex.sendResponseHeaders(200, 0);
          ex.getResponseBody().write("<rss>".getBytes());
          ex.getResponseBody().flush();
          await(release);
        });
    List<FeedSettings> feeds =
        List.of(
            feed(server.url("/500")),
            feed(server.url("/good1")),
            feed(server.url("/404")),
            feed(server.url("/html")),
            feed(server.url("/loop")),
            feed(server.url("/stall")),
            feed("http://127.0.0.1:1/refused"),
            feed("gopher://example.org/"),
            feed(server.url("/good2")));
    try (FeedReader r = reader(true)) {
      List<FeedResult> results = r.readAll(feeds);
      assertThat(results).extracting(FeedResult::feed).containsExactlyElementsOf(feeds);
      assertThat(failure(results.get(0))).isEqualTo("HTTP 500");
      assertThat(results.get(1)).isInstanceOf(FeedResult.Fetched.class);
      assertThat(failure(results.get(2))).isEqualTo("HTTP 404");
      assertThat(failure(results.get(3))).isEqualTo("not a feed: an HTML page");
      assertThat(failure(results.get(4))).startsWith("redirect loop");
      assertThat(failure(results.get(5))).startsWith("read timeout");
      assertThat(failure(results.get(6))).startsWith("cannot connect");
      assertThat(failure(results.get(7))).isEqualTo("unsupported URL scheme: gopher");
      FeedResult.Fetched atom = (FeedResult.Fetched) results.get(8);
      assertThat(atom.format()).isEqualTo("atom-1.0");
      assertThat(atom.articles())
          .extracting(Article::link)
          .containsExactly("https://example.org/a1");
      for (FeedResult res : results) {
        if (res instanceof FeedResult.Failed) {
          assertThat(((FeedResult.Failed) res).error()).doesNotContain("\n").isNotBlank();
        }
      }
      FeedState failed = new FeedStateRepository(db).find(server.url("/500")).orElseThrow();
      assertThat(failed.lastError()).contains("HTTP 500");
      assertThat(failed.consecutiveFailures()).isEqualTo(1);
    }
  }

  @Test
  void readAllStoresEveryFeedBeforeItReturnsAndHandsOverEachResultAsItIsRead() {
    int n = 3 * FeedReader.BATCH + 5;
    server.route(
        "/many",
        ex -> {
          String tag = "\"" + ex.getRequestURI().getQuery() + "\"";
          if (tag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
            TestServer.send(ex, 304, "", new byte[0]);
            return;
          }
          ex.getResponseHeaders().set("ETag", tag);
          TestServer.send(ex, 200, "application/rss+xml", Fixtures.rss("Many", 3));
        });
    List<FeedSettings> feeds = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      feeds.add(feed(server.url("/many?i=" + i)));
    }
    FeedStateRepository states = new FeedStateRepository(db);
    FeedArticlesRepository cache = new FeedArticlesRepository(db);
    try (FeedReader r =
        new FeedReader(SETTINGS, Optional.of(states), Optional.of(cache), true, clock)) {
      java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
      List<Integer> sizes =
          r.readAll(
              feeds,
              res -> {
                threads.add(Thread.currentThread().getName());
                return ((FeedResult.Fetched) res).articles().size();
              });
      assertThat(sizes).hasSize(n).containsOnly(3);
      assertThat(threads).allMatch(t -> t.startsWith("feed-"));
      // Committed by the time readAll returned: state with validators, and the articles behind
      // them.
      assertThat(states.findAll()).hasSize(n).allMatch(st -> st.etag().isPresent());
      for (FeedSettings f : feeds) {
        assertThat(cache.find(f.url()).orElseThrow().articles()).hasSize(3);
      }
      List<FeedResult> again = r.readAll(feeds);
      assertThat(again)
          .allSatisfy(
              res -> {
                assertThat(res).isInstanceOf(FeedResult.NotModified.class);
                assertThat(((FeedResult.NotModified) res).items()).isEqualTo(3);
                assertThat(((FeedResult.NotModified) res).cached()).hasSize(3);
              });
    }
    assertThat(server.hits("/many")).isEqualTo(2 * n);
  }

  /** A 304 brings the cached articles only of the feeds whose newest one reaches the window. */
  @Test
  void aNotModifiedFeedBringsItsCachedArticlesOnlyWhenTheyReachTheWindow() {
    String older = Fixtures.rss("Older", 2);
    String newer =
        Fixtures.rss("Newer", 2).replace("Mon, 02 Mar 2026 10:00", "Tue, 03 Mar 2026 09:00");
    for (String[] route : new String[][] {{"/older", older}, {"/newer", newer}}) {
      server.route(
          route[0],
          ex -> {
            if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
              TestServer.send(ex, 304, "", new byte[0]);
              return;
            }
            ex.getResponseHeaders().set("ETag", "\"v1\"");
            TestServer.send(ex, 200, "application/rss+xml", route[1]);
          });
    }
    List<FeedSettings> feeds = List.of(feed(server.url("/older")), feed(server.url("/newer")));
    FeedStateRepository states = new FeedStateRepository(db);
    FeedArticlesRepository cache = new FeedArticlesRepository(db);
    Optional<Instant> window = Optional.of(Instant.parse("2026-03-02T12:00:00Z"));
    try (FeedReader r =
        new FeedReader(SETTINGS, Optional.of(states), Optional.of(cache), window, clock)) {
      assertThat(r.readAll(feeds)).allMatch(res -> res instanceof FeedResult.Fetched);
      List<FeedResult> again = r.readAll(feeds);
      assertThat(again).allMatch(res -> res instanceof FeedResult.NotModified);
      assertThat(((FeedResult.NotModified) again.get(0)).cached()).isEmpty();
      assertThat(((FeedResult.NotModified) again.get(1)).cached())
          .extracting(Article::title)
          .containsExactly("Newer item 1", "Newer item 2");
    }
  }

  @Test
  void aFeedWhoseStateCannotBeStoredCostsOnlyItsOwnRow() {
    server.route("/s", ex -> TestServer.send(ex, 200, "application/rss+xml", Fixtures.rss("S", 1)));
    // feed_url is VARCHAR(2048): this one's row cannot be written, and it shares a batch.
    FeedSettings tooLong = feed(server.url("/s?" + "x".repeat(2100)));
    List<FeedSettings> feeds = List.of(feed(server.url("/s?a")), tooLong, feed(server.url("/s?b")));
    try (FeedReader r = reader(true)) {
      List<FeedResult> results = r.readAll(feeds);
      assertThat(results).allMatch(x -> x instanceof FeedResult.Fetched);
    }
    FeedStateRepository states = new FeedStateRepository(db);
    assertThat(states.find(server.url("/s?a"))).isPresent();
    assertThat(states.find(server.url("/s?b"))).isPresent();
    assertThat(states.findAll()).hasSize(2);
  }

  @Test
  void adHocFileUrlAndBarePathAreRead(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("feed.xml");
    Files.writeString(file, Fixtures.rss("Local", 2));
    try (FeedReader r = reader(false)) {
      FeedResult byUrl = r.read(feed(file.toUri().toString()));
      FeedResult byPath = r.read(feed(file.toString()));
      assertThat(((FeedResult.Fetched) byUrl).articles()).hasSize(2);
      assertThat(((FeedResult.Fetched) byPath).articles()).hasSize(2);
      assertThat(failure(r.read(feed(dir.resolve("missing.xml").toString()))))
          .startsWith("no such file");
    }
  }

  private static String failure(FeedResult r) {
    assertThat(r).isInstanceOf(FeedResult.Failed.class);
    return ((FeedResult.Failed) r).error();
  }

  private static void redirect(com.sun.net.httpserver.HttpExchange ex, int status, String to)
      throws IOException {
    ex.getResponseHeaders().set("Location", to);
    ex.sendResponseHeaders(status, -1);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class AtomicReferenceString {
    volatile String value;
  }
}
