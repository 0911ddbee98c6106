package dev.digest.http;

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
import java.util.Map;

/**
 * One POST of a JSON request and its reply, within a timeout from connect to the last byte of the
 * reply, and at most a given number of bytes of reply: the language model's chat completions call.
 * Never throws for network trouble: that is a {@link Failed} with a one-line reason that never
 * holds the secret it was given (an API key). Thread-safe.
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
public final class JsonPost {

  /** What a call gave: an HTTP answer of any status, or why there is none. */
  public sealed interface Outcome {}

  /** The status and the whole body (decoded as UTF-8) of a reply. */
  public record Answer(int status, String body) implements Outcome {}

  /** No usable reply, and why: one line, without the secret. */
  public record Failed(String reason) implements Outcome {}

  private final URI uri;
  private final Duration timeout;
  private final int maxReplyBytes;
  private final Map<String, String> headers;
  private final String secret;

  /**
   * @param headers sent with every request (besides Content-Type and Accept: application/json);
   *     their values must be {@link #isFieldValue field values}
   * @param secret a string never to appear in a reason (an API key in a header); "" for none
   */
  public JsonPost(
      URI uri, Duration timeout, int maxReplyBytes, Map<String, String> headers, String secret) {
    this.uri = uri;
    this.timeout = timeout;
    this.maxReplyBytes = maxReplyBytes;
    this.headers = Map.copyOf(headers);
    this.secret = secret;
  }

  /** POSTs {@code json}; the reply as it came, whatever its status. */
  public Outcome post(byte[] json) {
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
    headers.forEach(conn::setRequestProperty);
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
    if (conn.getContentLengthLong() > maxReplyBytes) {
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
      body = HttpFetcher.readCapped(in, maxReplyBytes, deadline);
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
        + (secret.isEmpty() ? message : message.replace(secret, "***"));
  }

  private int port() {
    return uri.getPort() >= 0
        ? uri.getPort()
        : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private String timedOut() {
    return "timeout after " + timeout.toMillis() + " ms";
  }

  private String tooLarge(int status) {
    String reply = status >= 200 && status <= 299 ? "reply" : "HTTP " + status + " reply";
    return reply + " larger than " + maxReplyBytes + " bytes: stopped reading";
  }

  /**
   * RFC 9110's field-value (visible ASCII, space, tab, obs-text): what {@code java.net.http}
   * accepted. {@link HttpURLConnection} rejects only CR and LF, and would quote the value in its
   * message when it does.
   */
  public static boolean isFieldValue(String value) {
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
