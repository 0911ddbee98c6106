package dev.digest.app;

import dev.digest.config.LlmSettings;
import dev.digest.feed.ConnectionGuard;
import dev.digest.feed.HttpFetcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One POST of a JSON chat request and its reply, within {@link LlmSettings#timeout()} from connect
 * to the last byte of the reply, and at most {@value #MAX_REPLY_BYTES} bytes of reply. Never
 * throws for network trouble: that is a {@link Failed} with a one-line reason that never holds the
 * API key. Thread-safe.
 *
 * <p>Built on {@link HttpURLConnection}, like the feed fetcher, not {@code java.net.http}: that
 * client keeps a selector thread in native {@code epoll_wait} which Java 17 cannot close, and a JVM
 * exits only after waiting up to 300 ms for threads in native code.
 *
 * <p>The timeout: the connect timeout and each read wait at most the whole timeout; a watchdog
 * disconnects a call still waiting for the reply's headers at the deadline, and the body loop stops
 * once the deadline has passed. Past the headers the watchdog cannot help (closing the connection
 * blocks until the read in progress returns), so a server that stalls mid-body is cut by the read
 * timeout: at worst about twice the timeout in all.
 */
final class ChatHttp {

  /**
   * The largest reply read. A chat completion with a few bullets is a few KB; a reasoning model
   * that also returns its thinking, at 32k tokens of about 4 bytes, is about 128 KB. 4 MB leaves
   * room for verbose servers thirty times over while a broken endpoint cannot fill the heap.
   */
  static final int MAX_REPLY_BYTES = 4 * 1024 * 1024;

  /** What a call gave: an HTTP answer of any status, or why there is none. */
  sealed interface Outcome {}

  /** The status and the whole body (decoded as UTF-8) of a reply. */
  record Answer(int status, String body) implements Outcome {}

  /** No usable reply, and why: one line, without the API key. */
  record Failed(String reason) implements Outcome {}

  private final URI uri;
  private final Duration timeout;
  private final String apiKey;

  ChatHttp(LlmSettings settings) {
    this.uri = URI.create(settings.chatCompletionsUrl());
    this.timeout = settings.timeout();
    this.apiKey = settings.apiKey();
  }

  /** POSTs {@code json}; the reply as it came, whatever its status. */
  Outcome post(byte[] json) {
    if (!apiKey.isEmpty() && !isFieldValue(apiKey)) {
      // The JDK's message would quote the header value, i.e. the key: not passed on.
      return new Failed("condense.api-key is not a valid header value");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpURLConnection conn;
    try {
      URLConnection c = uri.toURL().openConnection();
      if (!(c instanceof HttpURLConnection h)) {
        return new Failed("not an http(s) endpoint: " + uri.getScheme());
      }
      conn = h;
    } catch (IllegalArgumentException | IOException e) {
      return new Failed("invalid endpoint URL");
    }
    ConnectionGuard ex = new ConnectionGuard(conn, deadline);
    try {
      return exchange(conn, json, ex, deadline);
    } catch (IOException e) {
      conn.disconnect();
      return new Failed(transportProblem(e, ex));
    } finally {
      ex.finish();
    }
  }

  private Outcome exchange(HttpURLConnection conn, byte[] json, ConnectionGuard ex, long deadline)
      throws IOException {
    conn.setRequestMethod("POST");
    conn.setDoOutput(true);
    // Buffered, not streamed: in streaming mode the JDK drops a 401's body, the server's own
    // explanation. The JDK would send a buffered POST again when the connection fails before the
    // status line; cli.Main turns that off (sun.net.http.retryPost) so a paid call goes out once.
    conn.setInstanceFollowRedirects(false); // a redirect is a misconfigured endpoint: say so
    conn.setUseCaches(false);
    conn.setConnectTimeout(HttpFetcher.timeoutMillis(timeout));
    conn.setReadTimeout(HttpFetcher.timeoutMillis(timeout));
    conn.setRequestProperty("Content-Type", "application/json");
    conn.setRequestProperty("Accept", "application/json");
    if (!apiKey.isEmpty()) {
      conn.setRequestProperty("Authorization", "Bearer " + apiKey);
    }
    conn.connect();
    if (ex.expired()) {
      // The watchdog fired while connecting, when there was nothing yet to disconnect.
      conn.disconnect();
      return new Failed(timedOut());
    }
    try (OutputStream out = conn.getOutputStream()) {
      out.write(json);
    }
    int status = conn.getResponseCode();
    if (!ex.bodyPhase()) {
      return new Failed(timedOut());
    }
    if (status < 100) {
      conn.disconnect();
      return new Failed("not an HTTP response");
    }
    if (conn.getContentLengthLong() > MAX_REPLY_BYTES) {
      // Content-Length already says too much: not a byte of it is read.
      conn.disconnect();
      return new Failed(tooLarge(status));
    }
    InputStream in = status >= 400 ? conn.getErrorStream() : conn.getInputStream();
    if (in == null) {
      return new Answer(status, "");
    }
    byte[] body;
    try (in) {
      body = HttpFetcher.readCapped(in, MAX_REPLY_BYTES, deadline);
    } catch (HttpFetcher.BodyTooLargeException e) {
      conn.disconnect();
      return new Failed(tooLarge(status));
    }
    return new Answer(status, new String(body, StandardCharsets.UTF_8));
  }

  private String transportProblem(IOException e, ConnectionGuard ex) {
    if (ex.expired() || e instanceof SocketTimeoutException) {
      return timedOut();
    }
    if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
      return "interrupted";
    }
    String where = "cannot connect to " + uri.getHost() + ":" + port();
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return where;
    }
    if (e instanceof UnknownHostException) {
      return where + ": unknown host";
    }
    String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
    return "request failed: "
        + e.getClass().getSimpleName()
        + ": "
        + LlmCondenser.scrub(message, apiKey);
  }

  private int port() {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private String timedOut() {
    return "timeout after " + timeout.toMillis() + " ms";
  }

  private static String tooLarge(int status) {
    String reply = status >= 200 && status <= 299 ? "reply" : "HTTP " + status + " reply";
    return reply + " larger than " + MAX_REPLY_BYTES + " bytes: stopped reading";
  }

  /**
   * RFC 9110's field-value (visible ASCII, space, tab, obs-text): what {@code java.net.http}
   * accepted. {@link HttpURLConnection} rejects only CR and LF, and would quote the key in its
   * message when it does.
   */
  static boolean isFieldValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = c == ' ' || c == '\t' || (c >= 0x21 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
