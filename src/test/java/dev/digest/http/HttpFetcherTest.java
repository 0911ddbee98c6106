package dev.digest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.FetchSettings;
import dev.digest.feed.Fixtures;
import dev.digest.feed.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HttpFetcher's own guarantees against real sockets on 127.0.0.1: the deadline holds against
 * servers that trickle, connections are kept alive between requests, and close() ends requests
 * still waiting for an answer. (FeedReaderHttpTest covers statuses, caps, redirects and encodings.)
 */
class HttpFetcherTest {

  private static final String ACCEPT = "application/rss+xml";
  private static final FetchSettings SETTINGS =
      new FetchSettings(
          4, 2, Duration.ofSeconds(1), Duration.ofMillis(300), 1_000_000, "digest-test/1.0");

  private final CountDownLatch stop = new CountDownLatch(1);
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    stop.countDown();
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  /** A raw server: each accepted connection gets {@code talk} on its own thread. */
  private int rawServer(SocketTalk talk) throws IOException {
    ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closing.add(ss);
    Thread t =
        new Thread(
            () -> {
              while (!ss.isClosed()) {
                try {
                  Socket s = ss.accept();
                  closing.add(s);
                  Thread h =
                      new Thread(
                          () -> {
                            try (s) {
                              talk.run(s.getInputStream(), s.getOutputStream());
                            } catch (IOException | InterruptedException e) {
                              // the client hung up, or the test is over
                            }
                          });
                  h.setDaemon(true);
                  h.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return ss.getLocalPort();
  }

  @FunctionalInterface
  private interface SocketTalk {
    void run(InputStream in, OutputStream out) throws IOException, InterruptedException;
  }

  /** Reads the request head (up to the blank line). */
  private static void readHead(InputStream in) throws IOException {
    int state = 0;
    int b;
    while (state < 4 && (b = in.read()) != -1) {
      state = (b == '\r' || b == '\n') ? state + 1 : 0;
    }
  }

  private FetchOutcome.Failure failure(FetchOutcome o) {
    assertThat(o).isInstanceOf(FetchOutcome.Failure.class);
    return (FetchOutcome.Failure) o;
  }

  /** A server that answers with {@code start}, then one more {@code filler} byte every 50 ms. */
  private int trickling(String start, char filler) throws IOException {
    return rawServer(
        (in, out) -> {
          readHead(in);
          out.write(start.getBytes(StandardCharsets.US_ASCII));
          out.flush();
          while (!stop.await(50, TimeUnit.MILLISECONDS)) {
            out.write(filler);
            out.flush();
          }
        });
  }

  /**
   * Fetches from {@code port} and asserts a read timeout no sooner than the deadline (connect 1 s +
   * read 0.3 s, less the slack of a second); the server trickles forever, so returning at all means
   * the deadline ended it. No upper wall-clock bound: the tests carry a hang guard instead.
   */
  private void assertTimesOutNearTheDeadline(int port) {
    try (HttpFetcher f = new HttpFetcher(SETTINGS)) {
      long t0 = System.nanoTime();
      FetchOutcome o = f.fetch("http://127.0.0.1:" + port + "/feed", Validators.NONE, ACCEPT);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(failure(o).reason()).isEqualTo("read timeout after 0.3 s");
      assertThat(ms).isGreaterThanOrEqualTo(1_000L);
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(60) // a hang guard, not a speed claim
  void headersTrickledByteByByteAreCutAtTheDeadline() throws Exception {
    // Every byte arrives well within the read timeout, so only the whole-exchange deadline
    // (connect 1 s + read 0.3 s) can end this; without it the headers never end.
    assertTimesOutNearTheDeadline(trickling("HTTP/1.1 200 OK\r\n", 'X'));
  }

  @Test
  @org.junit.jupiter.api.Timeout(60) // a hang guard, not a speed claim
  void bodyTrickledByteByByteStopsOneReadAfterTheDeadline() throws Exception {
    // 100,000 bytes at 20 per second would take well over an hour.
    assertTimesOutNearTheDeadline(
        trickling(
            "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                + "Content-Length: 100000\r\n\r\n<rss>",
            ' '));
  }

  @Test
  void oneConnectionServesRequestsInTurnWhateverTheirAnswer() throws Exception {
    List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    TestServer server = new TestServer();
    closing.add(server);
    server.route(
        "/",
        ex -> {
          clientPorts.add(ex.getRemoteAddress().getPort());
          switch (ex.getRequestURI().getPath()) {
            case "/ok" -> TestServer.send(ex, 200, "application/rss+xml", Fixtures.rss("Kept", 1));
            case "/same" -> {
              ex.getResponseHeaders().set("ETag", "\"v1\"");
              TestServer.send(ex, 304, "", "");
            }
            case "/moved" -> {
              ex.getResponseHeaders().set("Location", "/ok");
              ex.sendResponseHeaders(301, -1);
            }
            default -> TestServer.send(ex, 404, "text/plain", "not here");
          }
        });
    try (HttpFetcher f = new HttpFetcher(SETTINGS)) {
      Validators v1 = new Validators(Optional.of("\"v1\""), Optional.empty());
      assertThat(f.fetch(server.url("/ok"), Validators.NONE, ACCEPT))
          .isInstanceOf(FetchOutcome.Body.class);
      assertThat(f.fetch(server.url("/same"), v1, ACCEPT))
          .isInstanceOf(FetchOutcome.NotModified.class);
      assertThat(failure(f.fetch(server.url("/gone"), Validators.NONE, ACCEPT)).reason())
          .isEqualTo("HTTP 404");
      assertThat(f.fetch(server.url("/moved"), Validators.NONE, ACCEPT))
          .isInstanceOf(FetchOutcome.Body.class);
    }
    // Five requests (the 301 and its target are two), all over the first connection.
    assertThat(clientPorts).hasSize(5);
    assertThat(clientPorts).containsOnly(clientPorts.get(0));
  }

  @Test
  void aConditionalRequestAsksNoCacheToBeBypassed() throws Exception {
    java.util.concurrent.atomic.AtomicReference<com.sun.net.httpserver.Headers> seen =
        new java.util.concurrent.atomic.AtomicReference<>();
    TestServer server = new TestServer();
    closing.add(server);
    server.route(
        "/feed",
        ex -> {
          seen.set(ex.getRequestHeaders());
          TestServer.send(ex, 304, "", "");
        });
    try (HttpFetcher f = new HttpFetcher(SETTINGS)) {
      Validators v =
          new Validators(Optional.of("\"v7\""), Optional.of("Tue, 01 Dec 2026 10:00:00 GMT"));
      assertThat(f.fetch(server.url("/feed"), v, ACCEPT))
          .isInstanceOf(FetchOutcome.NotModified.class);
    }
    com.sun.net.httpserver.Headers h = seen.get();
    assertThat(h.getFirst("User-Agent")).isEqualTo("digest-test/1.0");
    assertThat(h.getFirst("Accept")).isEqualTo(ACCEPT);
    assertThat(h.getFirst("Accept-Encoding")).isEqualTo("gzip, deflate");
    assertThat(h.getFirst("If-None-Match")).isEqualTo("\"v7\"");
    assertThat(h.getFirst("If-Modified-Since")).isEqualTo("Tue, 01 Dec 2026 10:00:00 GMT");
    // A CDN must be free to answer from its copy: no request directive may forbid it.
    assertThat(h.containsKey("Cache-Control")).isFalse();
    assertThat(h.containsKey("Pragma")).isFalse();
  }

  @Test
  void closeEndsARequestStillWaitingForItsAnswer() throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    int port =
        rawServer(
            (in, out) -> {
              readHead(in);
              asked.countDown();
              stop.await(30, TimeUnit.SECONDS);
            });
    FetchSettings patient =
        new FetchSettings(
            4, 2, Duration.ofSeconds(1), Duration.ofSeconds(30), 1_000_000, "digest-test/1.0");
    HttpFetcher f = new HttpFetcher(patient);
    CompletableFuture<FetchOutcome> result =
        CompletableFuture.supplyAsync(
            () -> f.fetch("http://127.0.0.1:" + port + "/feed", Validators.NONE, ACCEPT));
    assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
    f.close();
    FetchOutcome o = result.get(10, TimeUnit.SECONDS);
    assertThat(failure(o).reason()).isEqualTo("interrupted");
  }

  @Test
  void anUntrustedCertificateIsAOneLineTlsError(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    // A real TLS server on 127.0.0.1 with a self-signed certificate made by the JDK's keytool.
    java.nio.file.Path keytool =
        java.nio.file.Path.of(ProcessHandle.current().info().command().orElseThrow())
            .resolveSibling("keytool");
    java.nio.file.Path store = dir.resolve("server.p12");
    Process p =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "s",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    javax.net.ssl.KeyManagerFactory kmf =
        javax.net.ssl.KeyManagerFactory.getInstance(
            javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    com.sun.net.httpserver.HttpsServer server =
        com.sun.net.httpserver.HttpsServer.create(
            new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
    java.util.concurrent.atomic.AtomicInteger served =
        new java.util.concurrent.atomic.AtomicInteger();
    server.createContext(
        "/feed",
        ex -> {
          served.incrementAndGet();
          TestServer.send(ex, 200, "application/rss+xml", Fixtures.rss("Secret", 1));
        });
    server.start();
    try (HttpFetcher f = new HttpFetcher(SETTINGS)) {
      String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/feed";
      FetchOutcome.Failure fail = failure(f.fetch(url, Validators.NONE, ACCEPT));
      assertThat(fail.reason()).startsWith("TLS error: ").doesNotContain("\n");
      assertThat(fail.status()).isZero();
      // The handshake failed on our side: no request reached the handler.
      assertThat(served).hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void refusedConnectionSaysSo() throws Exception {
    int port;
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = ss.getLocalPort();
    }
    try (HttpFetcher f = new HttpFetcher(SETTINGS)) {
      assertThat(
              failure(f.fetch("http://127.0.0.1:" + port + "/", Validators.NONE, ACCEPT)).reason())
          .isEqualTo("cannot connect to 127.0.0.1: connection refused");
    }
  }

  @Test
  void aResponseThatIsNotHttpIsAnErrorNotACrash() throws Exception {
    int port =
        rawServer(
            (in, out) -> {
              readHead(in);
              out.write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
              out.flush();
            });
    try (HttpFetcher f = new HttpFetcher(SETTINGS)) {
      FetchOutcome.Failure fail =
          failure(f.fetch("http://127.0.0.1:" + port + "/", Validators.NONE, ACCEPT));
      assertThat(fail.reason()).doesNotContain("\n").isNotBlank();
      assertThat(fail.status()).isZero();
    }
  }
}
