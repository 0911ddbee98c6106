package dev.digest.e2e;

import dev.digest.feed.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds from memory on the tests' one HTTP server ({@link TestServer}); paths can be changed while
 * it runs. Conditional GET like a real server: a strong ETag of the body, 304 when it matches.
 */
final class FeedServer implements AutoCloseable {

  private final TestServer server;
  private final Map<String, String[]> bodies = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  final AtomicInteger notModified = new AtomicInteger();

  FeedServer() throws IOException {
    server =
        new TestServer()
            .route(
                "/",
                exchange -> {
                  String path = exchange.getRequestURI().getPath();
                  requests.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                  String[] entry = bodies.get(path);
                  if (entry == null) {
                    TestServer.send(exchange, 404, "", new byte[0]);
                    return;
                  }
                  byte[] body = entry[1].getBytes(StandardCharsets.UTF_8);
                  String etag = "\"" + Integer.toHexString(Arrays.hashCode(body)) + "\"";
                  exchange.getResponseHeaders().set("ETag", etag);
                  if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    notModified.incrementAndGet();
                    TestServer.send(exchange, 304, "", new byte[0]);
                    return;
                  }
                  TestServer.send(exchange, 200, entry[0], body);
                });
  }

  void put(String path, String contentType, String body) {
    bodies.put(path, new String[] {contentType, body});
  }

  /** Requests made for {@code path} so far. */
  int hits(String path) {
    AtomicInteger n = requests.get(path);
    return n == null ? 0 : n.get();
  }

  String url(String path) {
    return server.url(path);
  }

  @Override
  public void close() {
    server.close();
  }
}
