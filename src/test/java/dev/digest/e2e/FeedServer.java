package dev.digest.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A real HTTP server on 127.0.0.1 serving feeds from memory; paths can be changed while it runs. */
final class FeedServer implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, String[]> bodies = new ConcurrentHashMap<>();
  final java.util.concurrent.atomic.AtomicInteger notModified = new java.util.concurrent.atomic.AtomicInteger();

  FeedServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String[] entry = bodies.get(exchange.getRequestURI().getPath());
          if (entry == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          byte[] body = entry[1].getBytes(StandardCharsets.UTF_8);
          // Conditional GET like a real server: a strong ETag of the body, 304 when it matches.
          String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"";
          exchange.getResponseHeaders().set("ETag", etag);
          if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            notModified.incrementAndGet();
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
          }
          exchange.getResponseHeaders().set("Content-Type", entry[0]);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  void put(String path, String contentType, String body) {
    bodies.put(path, new String[] {contentType, body});
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
