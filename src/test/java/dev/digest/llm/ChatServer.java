package dev.digest.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A chat-completions server on 127.0.0.1 (JDK HttpServer) for tests: records every request and
 * answers with whatever the test sets as {@link #reply}.
 */
public final class ChatServer implements AutoCloseable {

  /** What one request gets. */
  @FunctionalInterface
  interface Reply {
    void answer(HttpExchange exchange) throws IOException, InterruptedException;
  }

  /** A request as received. */
  record Received(
      String method, String path, String authorization, String contentType, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "chat-server");
            t.setDaemon(true);
            return t;
          });
  final List<Received> requests = new CopyOnWriteArrayList<>();
  volatile Reply reply =
      ok(bullets(List.of("One.", "Two."), List.of("Three.", "Four.", "Five.")), 100);

  ChatServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode json;
            try {
              json = JSON.readTree(body);
            } catch (IOException e) {
              json = null;
            }
            requests.add(
                new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    json));
            reply.answer(exchange);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (IOException e) {
            // the client went away (timeout test)
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  int count() {
    return requests.size();
  }

  /** A model's message content in the shape the prompt asks for. */
  static String bullets(List<String> quick, List<String> takeaways) {
    try {
      return JSON.writeValueAsString(
          java.util.Map.of("quickSummary", quick, "takeaways", takeaways));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 200 chat completion whose message content is {@code content}. */
  static Reply ok(String content, int totalTokens) {
    return exchange -> {
      var root = JSON.createObjectNode();
      root.put("id", "chatcmpl-test");
      root.put("object", "chat.completion");
      var choice = root.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("message").put("role", "assistant").put("content", content);
      choice.put("finish_reason", "stop");
      root.putObject("usage").put("total_tokens", totalTokens);
      send(exchange, 200, JSON.writeValueAsString(root));
    };
  }

  static Reply status(int status, String body) {
    return exchange -> send(exchange, status, body);
  }

  static Reply raw(String body) {
    return exchange -> send(exchange, 200, body);
  }

  /** Answers after {@code millis}: slower than the client's timeout. */
  static Reply slow(long millis, Reply then) {
    return exchange -> {
      Thread.sleep(millis);
      then.answer(exchange);
    };
  }

  static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
