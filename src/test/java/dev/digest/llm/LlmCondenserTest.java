package dev.digest.llm;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.digest.condense.Condenser;
import dev.digest.condense.ContentType;
import dev.digest.condense.LlmPrompt;
import dev.digest.condense.Summary;
import dev.digest.config.LlmSettings;
import dev.digest.store.Database;
import dev.digest.testing.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** condense.mode: llm against a real chat-completions server on 127.0.0.1, failures included. */
class LlmCondenserTest {

  private static final String KEY = "sk-test-3f9a1c7e-secret";

  private ChatServer server;
  private Database db;
  private final Condenser condenser = new Condenser();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(LlmCondenser.class);

  @BeforeEach
  void start() throws Exception {
    server = new ChatServer();
    db = TestDatabase.h2().open();
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(logs);
    server.close();
    db.close();
  }

  private LlmCondenser llm(int calls, int tokens, Duration timeout) {
    return new LlmCondenser(
        condenser,
        new LlmSettings(server.base(), "test-model", KEY, timeout, calls, tokens),
        new CondenseCacheRepository(db),
        Clock.systemUTC());
  }

  private LlmCondenser llm() {
    return llm(100, Integer.MAX_VALUE, Duration.ofSeconds(10));
  }

  /** An article without summary sections; {@code n} makes each one different. */
  static String article(int n) {
    return """
        <article>
        <h1>Harbour town %1$d opens a tidal power station</h1>
        <p>The harbour town of Kelmsby number %1$d switched on a tidal power station on Monday that is expected to cover a third of its electricity needs.</p>
        <p>The station uses eight underwater turbines placed in the channel between the harbour wall and the old lighthouse.</p>
        <p>Engineers spent four years testing the turbines against storms, silt and the seals that live in the channel.</p>
        <p>The town council paid for half of the 40 million euro project and borrowed the rest from a regional energy fund.</p>
        <p>Fishermen had feared the turbines would drive away the fish, but a two-year study found no change in the catch.</p>
        <p>The council plans to add four more turbines by 2030 if the first year of operation goes as planned.</p>
        </article>
        """
        .formatted(n);
  }

  static final String QUICK_ONLY =
      """
      <article><h1>Ferry timetable changes</h1>
      <h2>Quick summary</h2>
      <ul><li>Ferries to the island run every hour from June.</li><li>Night crossings end at midnight.</li></ul>
      <p>The ferry company announced a new timetable on Friday after a year of complaints about crowded boats.</p>
      <p>Hourly crossings start on the first of June and continue until the end of September every year.</p>
      <p>The last boat now leaves the island at midnight instead of at two in the morning, to save fuel.</p>
      <p>Season tickets cost the same as last year, and children under six still travel free of charge.</p>
      </article>
      """;

  static final String BOTH_SECTIONS =
      """
      <article><h1>Library extends hours</h1>
      <h2>TL;DR</h2><ul><li>The library opens on Sundays.</li><li>Evening hours until nine.</li></ul>
      <h2>Key takeaways</h2><ul><li>Funding comes from the city.</li><li>Four new librarians are hired.</li><li>The change starts in May.</li></ul>
      <p>The city library will open on Sundays from May, the council said, after a petition signed by thousands.</p>
      </article>
      """;

  @Test
  void asksTheModelAndUsesItsBullets() {
    server.reply =
        ChatServer.ok(
            ChatServer.bullets(
                List.of(
                    "Kelmsby switched on a tidal power station.",
                    "It covers a third of the town's power."),
                List.of(
                    "Eight turbines sit in the harbour channel.",
                    "The project cost 40 million euros.",
                    "Four more turbines may follow by 2030.")),
            321);
    LlmCondenser.Run run = llm().startRun();

    Summary s =
        run.condense("Harbour town opens a tidal power station", article(1), ContentType.HTML);

    assertThat(s.method()).isEqualTo(Summary.Method.LLM);
    assertThat(s.method().label()).isEqualTo("llm");
    assertThat(s.quickSummary())
        .containsExactly(
            "Kelmsby switched on a tidal power station.", "It covers a third of the town's power.");
    assertThat(s.takeaways()).hasSize(3).contains("The project cost 40 million euros.");
    assertThat(run.calls()).isEqualTo(1);
    assertThat(run.tokens()).isEqualTo(321);

    assertThat(server.requests).hasSize(1);
    ChatServer.Received r = server.requests.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v1/chat/completions");
    assertThat(r.authorization()).isEqualTo("Bearer " + KEY);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.body().path("model").asText()).isEqualTo("test-model");
    assertThat(r.body().path("stream").asBoolean(true)).isFalse();
    assertThat(r.body().path("messages")).hasSize(2);
    assertThat(r.body().path("messages").path(0).path("role").asText()).isEqualTo("system");
    assertThat(r.body().path("messages").path(0).path("content").asText())
        .contains("quickSummary", "takeaways");
    assertThat(r.body().path("messages").path(1).path("role").asText()).isEqualTo("user");
    assertThat(r.body().path("messages").path(1).path("content").asText())
        .contains("Title: Harbour town opens a tidal power station")
        .contains("eight underwater turbines");
  }

  @Test
  void theFullChatCompletionsUrlIsUsedAsGivenAndNoKeyMeansNoAuthorizationHeader() {
    LlmCondenser direct =
        new LlmCondenser(
            condenser,
            new LlmSettings(
                server.base() + "/chat/completions", "m", "", Duration.ofSeconds(10), 5),
            new CondenseCacheRepository(db),
            Clock.systemUTC());

    Summary s = direct.startRun().condense("Tidal power", article(2), ContentType.HTML);

    assertThat(s.method()).isEqualTo(Summary.Method.LLM);
    assertThat(server.requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.path()).isEqualTo("/v1/chat/completions");
              assertThat(r.authorization()).isNull();
            });
  }

  @Test
  void theAuthorsTwoSectionsWinWithoutAnyCall() {
    Summary s = llm().startRun().condense("Library extends hours", BOTH_SECTIONS, ContentType.HTML);

    assertThat(s.method()).isEqualTo(Summary.Method.SECTIONS);
    assertThat(s.quickSummary())
        .containsExactly("The library opens on Sundays.", "Evening hours until nine.");
    assertThat(server.count()).isZero();
  }

  @Test
  void theAuthorsQuickSummaryStaysAndTheModelWritesTheTakeaways() {
    server.reply =
        ChatServer.ok(
            ChatServer.bullets(
                List.of("The model's own quick bullet.", "Another one."),
                List.of(
                    "Ferries to the island run every hour from June.",
                    "Season tickets cost the same.",
                    "Children under six travel free.")),
            50);

    Summary s = llm().startRun().condense("Ferry timetable changes", QUICK_ONLY, ContentType.HTML);

    assertThat(s.method()).isEqualTo(Summary.Method.LLM_MIXED);
    assertThat(s.method().label()).isEqualTo("llm-mixed");
    assertThat(s.quickSummary())
        .containsExactly(
            "Ferries to the island run every hour from June.", "Night crossings end at midnight.");
    // the model's takeaway that repeats the author's bullet is dropped
    assertThat(s.takeaways())
        .containsExactly("Season tickets cost the same.", "Children under six travel free.");
    assertThat(server.count()).isEqualTo(1);
    // The model was shown the author's quick summary, as theirs, and asked not to repeat it.
    JsonNode messages = server.requests.get(0).body().path("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.path(0).path("content").asText())
        .startsWith(LlmPrompt.forArticle("", "").system() + "\n")
        .contains("The author's own quick summary of this article comes before the article.")
        .contains("do not repeat or reword any of its bullets in your takeaways");
    assertThat(messages.path(1).path("content").asText())
        .startsWith(
            """
            Title: Ferry timetable changes

            The author's quick summary:
            - Ferries to the island run every hour from June.
            - Night crossings end at midnight.

            Article:

            """)
        .contains("Season tickets cost the same as last year");
  }

  static final String TAKEAWAYS_ONLY =
      """
      <article><h1>Bridge closes for repairs</h1>
      <p>The old town bridge closes for six weeks from Monday while workers replace its worn steel joints.</p>
      <p>Buses that cross the river will take a detour along the ring road, adding about ten minutes to each trip.</p>
      <p>Pedestrians and cyclists may still use a narrow walkway on the east side of the bridge during the day.</p>
      <p>The council says the repairs cost 2 million euros and should keep the bridge safe for another forty years.</p>
      <h2>Key takeaways</h2>
      <ul><li>The bridge is closed for six weeks.</li><li>Buses take a detour via the ring road.</li><li>Walkers may still cross by day.</li></ul>
      </article>
      """;

  @Test
  void theAuthorsTakeawaysStayAndTheModelIsShownThemToWriteTheQuickSummary() {
    server.reply =
        ChatServer.ok(
            ChatServer.bullets(
                List.of(
                    "The old town bridge shuts for six weeks of repairs.",
                    "The bridge is closed for six weeks."),
                List.of("A takeaway the author's list replaces.", "Another.", "And another.")),
            50);

    Summary s =
        llm().startRun().condense("Bridge closes for repairs", TAKEAWAYS_ONLY, ContentType.HTML);

    assertThat(s.method()).isEqualTo(Summary.Method.LLM_MIXED);
    assertThat(s.takeaways())
        .containsExactly(
            "The bridge is closed for six weeks.",
            "Buses take a detour via the ring road.",
            "Walkers may still cross by day.");
    assertThat(s.quickSummary())
        .containsExactly("The old town bridge shuts for six weeks of repairs.");
    JsonNode messages = server.requests.get(0).body().path("messages");
    assertThat(messages.path(0).path("content").asText())
        .contains("The author's own key takeaways of this article come before the article.")
        .contains("do not repeat or reword any of them in your quickSummary");
    assertThat(messages.path(1).path("content").asText())
        .startsWith(
            """
            Title: Bridge closes for repairs

            The author's key takeaways:
            - The bridge is closed for six weeks.
            - Buses take a detour via the ring road.
            - Walkers may still cross by day.

            Article:

            """);
  }

  @Test
  void anArticleWithoutTheAuthorsListsIsSentThePlainPrompt() {
    llm().startRun().condense("Tidal power", article(5), ContentType.HTML);

    JsonNode messages = server.requests.get(0).body().path("messages");
    assertThat(messages.path(0).path("content").asText())
        .isEqualTo(LlmPrompt.forArticle("", "").system());
    assertThat(messages.path(1).path("content").asText())
        .startsWith("Title: Tidal power\n\nArticle:\n\n")
        .doesNotContain("The author's");
  }

  static Stream<Arguments> failures() {
    String wrongShape =
        "{\"summary\": \"The town opened a power station.\", \"takeaways\": \"none\"}";
    return Stream.of(
        Arguments.of(
            "HTTP 500", ChatServer.status(500, "{\"error\":\"model crashed\"}"), "HTTP 500"),
        Arguments.of(
            "HTTP 429",
            ChatServer.status(429, "{\"error\":\"slow down\"}"),
            "rate limited (HTTP 429)"),
        Arguments.of("HTTP 404", ChatServer.status(404, "no such model"), "HTTP 404"),
        Arguments.of(
            "garbage body", ChatServer.raw("<html>proxy error</html>"), "response is not JSON"),
        Arguments.of(
            "JSON but no choices",
            ChatServer.raw("{\"object\":\"list\",\"data\":[]}"),
            "not a chat completion"),
        Arguments.of(
            "content is prose",
            ChatServer.ok("Here is a summary: the town opened a power station.", 10),
            "no JSON object"),
        Arguments.of(
            "content in the wrong shape", ChatServer.ok(wrongShape, 10), "is not an array"),
        Arguments.of(
            "empty takeaways",
            ChatServer.ok(ChatServer.bullets(List.of("A."), List.of()), 10),
            "takeaways is empty"),
        Arguments.of(
            "slow reply",
            ChatServer.slow(
                3_000, ChatServer.ok(ChatServer.bullets(List.of("A."), List.of("B.")), 1)),
            "timeout after 400 ms"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void anyFailureFallsBackToTheOfflineSummaryAndSaysWhy(
      String name, ChatServer.Reply reply, String reason) {
    server.reply = reply;
    LlmCondenser.Run run = llm(100, Integer.MAX_VALUE, Duration.ofMillis(400)).startRun();

    Summary s = run.condense("Tidal power", article(3), ContentType.HTML);

    Summary offline = condenser.condense("Tidal power", article(3), ContentType.HTML);
    assertThat(s).isEqualTo(offline);
    assertThat(s.method()).isEqualTo(Summary.Method.EXTRACTIVE);
    assertThat(s.quickSummary()).isNotEmpty();
    assertThat(server.count()).isEqualTo(1);
    assertThat(run.fallbacks()).isEqualTo(1);
    assertThat(messages())
        .anySatisfy(
            m -> assertThat(m).contains("fallback").contains("method=extractive").contains(reason));
    // a failure is never cached: the next run asks again
    server.reply =
        ChatServer.ok(ChatServer.bullets(List.of("Now it works."), List.of("Really.")), 5);
    assertThat(llm().startRun().condense("Tidal power", article(3), ContentType.HTML).method())
        .isEqualTo(Summary.Method.LLM);
    assertThat(server.count()).isEqualTo(2);
  }

  @Test
  void aRefusedConnectionFallsBack() throws Exception {
    String deadBase = server.base();
    server.close(); // nothing listens there any more
    LlmCondenser dead =
        new LlmCondenser(
            condenser,
            new LlmSettings(deadBase, "m", KEY, Duration.ofSeconds(2), 5),
            new CondenseCacheRepository(db),
            Clock.systemUTC());

    Summary s = dead.startRun().condense("Tidal power", article(4), ContentType.HTML);

    assertThat(s.method()).isEqualTo(Summary.Method.EXTRACTIVE);
    assertThat(messages())
        .anySatisfy(m -> assertThat(m).contains("fallback").contains("cannot connect"));
  }

  @Test
  void theCallBudgetIsPerRun() {
    LlmCondenser llm = llm(2, Integer.MAX_VALUE, Duration.ofSeconds(10));
    LlmCondenser.Run run = llm.startRun();

    List<Summary.Method> methods =
        Stream.of(1, 2, 3, 4)
            .map(n -> run.condense("Article " + n, article(10 + n), ContentType.HTML).method())
            .toList();

    assertThat(methods)
        .containsExactly(
            Summary.Method.LLM,
            Summary.Method.LLM,
            Summary.Method.EXTRACTIVE,
            Summary.Method.EXTRACTIVE);
    assertThat(server.count()).isEqualTo(2);
    assertThat(run.calls()).isEqualTo(2);
    assertThat(run.fallbacks()).isEqualTo(2);
    assertThat(messages())
        .anySatisfy(m -> assertThat(m).contains("budget exhausted: 2 of 2 calls"));

    // the next run has a fresh budget; the two cached articles cost nothing
    LlmCondenser.Run next = llm.startRun();
    assertThat(next.condense("Article 1", article(11), ContentType.HTML).method())
        .isEqualTo(Summary.Method.LLM);
    assertThat(next.condense("Article 3", article(13), ContentType.HTML).method())
        .isEqualTo(Summary.Method.LLM);
    assertThat(server.count()).isEqualTo(3);
    assertThat(next.cacheHits()).isEqualTo(1);
  }

  @Test
  void theTokenBudgetStopsCallsOnceUsed() {
    server.reply =
        ChatServer.ok(ChatServer.bullets(List.of("A quick bullet."), List.of("A takeaway.")), 600);
    LlmCondenser.Run run = llm(100, 1_000, Duration.ofSeconds(10)).startRun();

    for (int n = 1; n <= 4; n++) {
      run.condense("Article " + n, article(20 + n), ContentType.HTML);
    }

    assertThat(server.count()).isEqualTo(2); // 600, then 1,200 >= 1,000: no third call
    assertThat(run.tokens()).isEqualTo(1_200);
    assertThat(messages()).anySatisfy(m -> assertThat(m).contains("token budget exhausted"));
  }

  @Test
  void aBudgetOfZeroNeverCalls() {
    Summary s =
        llm(0, Integer.MAX_VALUE, Duration.ofSeconds(10))
            .startRun()
            .condense("T", article(30), ContentType.HTML);

    assertThat(s.method()).isEqualTo(Summary.Method.EXTRACTIVE);
    assertThat(server.count()).isZero();
  }

  @Test
  void aCachedArticleIsNeverSentAgainEvenByANewCondenser() {
    LlmCondenser.Run first = llm().startRun();
    Summary a = first.condense("Tidal power", article(40), ContentType.HTML);
    Summary b = first.condense("Tidal power", article(40), ContentType.HTML);
    Summary c = llm().startRun().condense("Tidal power", article(40), ContentType.HTML);

    assertThat(server.count()).isEqualTo(1);
    assertThat(a.method()).isEqualTo(Summary.Method.LLM);
    assertThat(b).isEqualTo(a);
    assertThat(c).isEqualTo(a);
    assertThat(first.cacheHits()).isEqualTo(1);

    // another model is another cache entry
    new LlmCondenser(
            condenser,
            new LlmSettings(server.base(), "other-model", KEY, Duration.ofSeconds(10), 5),
            new CondenseCacheRepository(db),
            Clock.systemUTC())
        .startRun()
        .condense("Tidal power", article(40), ContentType.HTML);
    assertThat(server.count()).isEqualTo(2);
  }

  @Test
  void threeFailuresInARowStopTheRunCalling() {
    server.reply = ChatServer.status(503, "overloaded");
    LlmCondenser.Run run = llm().startRun();

    for (int n = 1; n <= 6; n++) {
      assertThat(run.condense("Article " + n, article(50 + n), ContentType.HTML).method())
          .isEqualTo(Summary.Method.EXTRACTIVE);
    }

    assertThat(server.count()).isEqualTo(LlmCondenser.MAX_FAILURES_IN_A_ROW);
    assertThat(run.fallbacks()).isEqualTo(6);
  }

  @Test
  void theApiKeyIsNeverLoggedEvenWhenTheServerEchoesIt() {
    server.reply =
        exchange ->
            ChatServer.send(
                exchange,
                401,
                "{\"error\":\"invalid key: "
                    + exchange.getRequestHeaders().getFirst("Authorization")
                    + "\"}");
    LlmCondenser llm = llm();

    llm.startRun().condense("Tidal power", article(60), ContentType.HTML);

    assertThat(messages()).anySatisfy(m -> assertThat(m).contains("HTTP 401").contains("***"));
    assertThat(messages())
        .allSatisfy(m -> assertThat(m).doesNotContain(KEY).doesNotContain("3f9a1c7e"));
    assertThat(new LlmSettings(server.base(), "m", KEY, Duration.ofSeconds(1), 1).toString())
        .doesNotContain(KEY);
  }

  @Test
  void aReplyOverTheCapIsCutOffAndFallsBack() throws Exception {
    long total = 64L * 1024 * 1024; // sixteen times the cap
    AtomicLong written = new AtomicLong();
    AtomicBoolean wroteAll = new AtomicBoolean();
    CountDownLatch served = new CountDownLatch(1);
    server.reply =
        exchange -> {
          try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0); // chunked: no length to refuse it by
            byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            OutputStream out = exchange.getResponseBody();
            out.write('{');
            while (written.get() < total) {
              out.write(chunk);
              written.addAndGet(chunk.length);
            }
            out.write('}');
            out.flush();
            wroteAll.set(true);
          } finally {
            served.countDown();
          }
        };
    LlmCondenser.Run run = llm().startRun();

    Summary s = run.condense("Tidal power", article(70), ContentType.HTML);

    assertThat(s).isEqualTo(condenser.condense("Tidal power", article(70), ContentType.HTML));
    assertThat(run.fallbacks()).isEqualTo(1);
    assertThat(messages())
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("fallback")
                    .contains(
                        "reason=reply larger than "
                            + ChatHttp.MAX_REPLY_BYTES
                            + " bytes: stopped reading"));
    // The client hung up: the server's writes failed long before it got to the end.
    assertThat(served.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(wroteAll).isFalse();
    assertThat(written.get()).isLessThan(total / 2);
  }

  @Test
  void aContentLengthOverTheCapIsRefusedUnread() throws Exception {
    AtomicLong written = new AtomicLong();
    CountDownLatch served = new CountDownLatch(1);
    server.reply =
        exchange -> {
          try {
            exchange.sendResponseHeaders(200, 64L * 1024 * 1024);
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 1024; i++) {
              exchange.getResponseBody().write(chunk);
              written.addAndGet(chunk.length);
            }
          } finally {
            served.countDown();
          }
        };
    LlmCondenser.Run run = llm().startRun();

    assertThat(run.condense("Tidal power", article(71), ContentType.HTML).method())
        .isEqualTo(Summary.Method.EXTRACTIVE);
    assertThat(messages())
        .anySatisfy(
            m ->
                assertThat(m).contains("reply larger than " + ChatHttp.MAX_REPLY_BYTES + " bytes"));
    assertThat(served.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(written.get()).isLessThan(32L * 1024 * 1024);
  }

  @Test
  void aBodyTrickledByteByBytePastTheTimeoutIsCutAtTheDeadline() {
    java.util.concurrent.atomic.AtomicBoolean trickledToTheEnd =
        new java.util.concurrent.atomic.AtomicBoolean();
    // Each byte comes well within the read timeout: only the whole-call deadline can end this.
    server.reply =
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          for (int i = 0; i < 400; i++) { // 20 s in all
            out.write(i == 0 ? '{' : ' ');
            out.flush();
            Thread.sleep(50);
          }
          trickledToTheEnd.set(true);
        };
    LlmCondenser.Run run = llm(100, Integer.MAX_VALUE, Duration.ofMillis(500)).startRun();

    long t0 = System.nanoTime();
    Summary s = run.condense("Tidal power", article(72), ContentType.HTML);
    long ms = (System.nanoTime() - t0) / 1_000_000;

    assertThat(s.method()).isEqualTo(Summary.Method.EXTRACTIVE);
    assertThat(messages()).anySatisfy(m -> assertThat(m).contains("reason=timeout after 500 ms"));
    // Not before the deadline, and cut by it: the server was still trickling when the call ended
    // (no upper wall-clock bound, which a loaded machine could break).
    assertThat(ms).isGreaterThanOrEqualTo(500L);
    assertThat(trickledToTheEnd).isFalse();
  }

  @Test
  void headersTrickledByteByByteAreCutAtTheDeadline() throws Exception {
    // A raw socket: the JDK's HttpServer cannot send half a status line. Every byte comes well
    // within the read timeout, so only the watchdog can end this.
    java.util.concurrent.atomic.AtomicBoolean trickledToTheEnd =
        new java.util.concurrent.atomic.AtomicBoolean();
    try (ServerSocket raw = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread talker =
          new Thread(
              () -> {
                try (Socket s = raw.accept()) {
                  s.getOutputStream()
                      .write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
                  for (int i = 0; i < 400; i++) { // 20 s in all
                    s.getOutputStream().write('X');
                    s.getOutputStream().flush();
                    Thread.sleep(50);
                  }
                  trickledToTheEnd.set(true);
                } catch (IOException | InterruptedException e) {
                  // the client hung up
                }
              },
              "trickle-headers");
      talker.setDaemon(true);
      talker.start();
      LlmCondenser llm =
          new LlmCondenser(
              condenser,
              new LlmSettings(
                  "http://127.0.0.1:" + raw.getLocalPort() + "/v1",
                  "m",
                  KEY,
                  Duration.ofMillis(500),
                  5),
              new CondenseCacheRepository(db),
              Clock.systemUTC());

      long t0 = System.nanoTime();
      Summary s = llm.startRun().condense("Tidal power", article(73), ContentType.HTML);
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(s.method()).isEqualTo(Summary.Method.EXTRACTIVE);
      assertThat(messages()).anySatisfy(m -> assertThat(m).contains("reason=timeout after 500 ms"));
      // Not before the deadline, and cut by it: the talker never got to send all its bytes.
      assertThat(ms).isGreaterThanOrEqualTo(500L);
      assertThat(trickledToTheEnd).isFalse();
    }
  }

  @Test
  void aCallLeavesNoHttpClientSelectorThreadBehind() {
    // java.net.http's selector thread sits in native epoll_wait, which delays the JVM's exit.
    // Other tests in this JVM may have their own: only new ones count.
    Set<Thread> before = selectorThreads();

    Summary s = llm().startRun().condense("Tidal power", article(74), ContentType.HTML);

    assertThat(s.method()).isEqualTo(Summary.Method.LLM);
    Set<Thread> after = selectorThreads();
    after.removeAll(before);
    assertThat(after).isEmpty();
  }

  private static Set<Thread> selectorThreads() {
    Set<Thread> threads = new HashSet<>(Thread.getAllStackTraces().keySet());
    threads.removeIf(t -> !t.getName().matches("HttpClient-.*-SelectorManager"));
    return threads;
  }

  @Test
  void anApiKeyThatIsNoHeaderValueIsRefusedWithoutQuotingIt() {
    String badKey = KEY + "\r\nX-Evil: 1";
    LlmCondenser bad =
        new LlmCondenser(
            condenser,
            new LlmSettings(server.base(), "m", badKey, Duration.ofSeconds(2), 5),
            new CondenseCacheRepository(db),
            Clock.systemUTC());

    Summary s = bad.startRun().condense("Tidal power", article(75), ContentType.HTML);

    assertThat(s.method()).isEqualTo(Summary.Method.EXTRACTIVE);
    assertThat(server.count()).isZero();
    assertThat(messages())
        .anySatisfy(m -> assertThat(m).contains("condense.api-key is not a valid header value"));
    assertThat(messages()).allSatisfy(m -> assertThat(m).doesNotContain("3f9a1c7e"));
  }

  private List<String> messages() {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
