package dev.digest.http;

import dev.digest.config.FetchSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import javax.net.ssl.SSLException;

/**
 * Fetches one URL (http, https or file) within the configured limits: connect and read timeouts, a
 * body cap enforced while streaming and again after decompression, at most {@value #MAX_REDIRECTS}
 * redirects with loop detection. Never throws for network trouble: that is a {@link
 * FetchOutcome.Failure}. Thread-safe; share one per process.
 *
 * <p>Built on the JDK's {@link HttpURLConnection} (blocking sockets, the JDK's keep-alive cache),
 * not {@code java.net.http}: a worker that blocks on the answer anyway gains nothing from the
 * asynchronous client, which costs 2.5 times the CPU per request (1,000 conditional GETs, fresh
 * JVM: 0.7 against 1.6 s) and keeps a selector thread in {@code epoll_wait} that Java 17 cannot
 * close; a JVM exits only after waiting up to 300 ms for threads in native code, so every short
 * command paid that at exit.
 *
 * <p>Timeouts: the connect timeout bounds the TCP (and TLS) connect; the read timeout bounds every
 * wait for data, and also the whole exchange after connecting: a watchdog closes the connection of
 * a server that trickles its headers, and the body loop stops once the deadline has passed (a
 * blocking read cannot be cut short from outside, so a trickling body can overrun the deadline by
 * at most one read timeout).
 */
public final class HttpFetcher implements AutoCloseable {

  static final int MAX_REDIRECTS = 5;

  /** For {@link #readCapped(InputStream, long, long)}: no deadline. */
  public static final long NO_DEADLINE = Long.MIN_VALUE;

  private final FetchSettings settings;
  private final Set<ConnectionGuard> open = ConcurrentHashMap.newKeySet();

  public HttpFetcher(FetchSettings settings) {
    this.settings = settings;
  }

  public FetchSettings settings() {
    return settings;
  }

  /** Fetches {@code url} with the default read timeout. */
  public FetchOutcome fetch(String url, Validators validators, String accept) {
    return fetch(url, validators, accept, settings.readTimeout());
  }

  /**
   * Fetches {@code url}; {@code readTimeout} bounds each wait for data and the whole exchange after
   * connecting (see the class comment for the one exception).
   */
  public FetchOutcome fetch(
      String url, Validators validators, String accept, Duration readTimeout) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (Exception e) {
      return failure(0, "invalid URL: " + url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      return readFile(uri);
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return failure(0, "unsupported URL scheme: " + (scheme.isEmpty() ? url : scheme));
    }
    return fetchHttp(uri, validators, accept, readTimeout);
  }

  private FetchOutcome fetchHttp(
      URI start, Validators validators, String accept, Duration readTimeout) {
    Set<String> visited = new HashSet<>();
    URI current = start;
    boolean allPermanent = true;
    boolean redirected = false;
    for (int hop = 0; ; hop++) {
      if (!visited.add(current.toString())) {
        return failure(0, "redirect loop at " + current);
      }
      Optional<String> moved =
          redirected && allPermanent ? Optional.of(current.toString()) : Optional.empty();
      Step step = exchange(current, validators, accept, readTimeout, moved);
      if (step.outcome() != null) {
        return step.outcome();
      }
      int status = step.status();
      if (step.location() == null) {
        return failure(status, "HTTP " + status + " without Location header");
      }
      if (hop >= MAX_REDIRECTS) {
        return failure(status, "more than " + MAX_REDIRECTS + " redirects");
      }
      URI next;
      try {
        next = current.resolve(step.location().trim());
      } catch (IllegalArgumentException e) {
        return failure(status, "invalid redirect Location: " + step.location());
      }
      String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return failure(status, "redirect to unsupported scheme: " + next);
      }
      // RFC 9110 §15.4.2 / RFC 7538: only 301 and 308 say "use the new URL from now on".
      allPermanent &= status == 301 || status == 308;
      redirected = true;
      current = next;
    }
  }

  /** One request's result: an outcome, or a redirect to follow ({@code location} may be null). */
  private record Step(FetchOutcome outcome, int status, String location) {
    static Step done(FetchOutcome outcome) {
      return new Step(outcome, 0, null);
    }
  }

  /** One request and its answer; the connection goes back to the keep-alive cache when it can. */
  private Step exchange(
      URI uri, Validators validators, String accept, Duration readTimeout, Optional<String> moved) {
    HttpURLConnection conn;
    try {
      URLConnection c = uri.toURL().openConnection();
      if (!(c instanceof HttpURLConnection http)) {
        return Step.done(failure(0, "unsupported URL: " + uri));
      }
      conn = http;
    } catch (IllegalArgumentException | IOException e) {
      return Step.done(failure(0, "invalid URL: " + uri));
    }
    conn.setInstanceFollowRedirects(false); // by hand: to count them, spot loops and moves
    // useCaches stays true: no ResponseCache is installed, so nothing is cached, while false would
    // make the JDK add "Cache-Control: no-cache" and "Pragma: no-cache", telling every CDN in the
    // way to skip its copy and ask the origin: the opposite of polite polling.
    conn.setConnectTimeout(timeoutMillis(settings.connectTimeout()));
    conn.setReadTimeout(timeoutMillis(readTimeout));
    conn.setRequestProperty("User-Agent", settings.userAgent());
    conn.setRequestProperty("Accept", accept);
    // Decoded here, with a counting limit: a small gzip bomb must not become gigabytes.
    conn.setRequestProperty("Accept-Encoding", "gzip, deflate");
    validators.etag().ifPresent(v -> conn.setRequestProperty("If-None-Match", v));
    validators.lastModified().ifPresent(v -> conn.setRequestProperty("If-Modified-Since", v));

    ConnectionGuard ex =
        new ConnectionGuard(
            conn, System.nanoTime() + settings.connectTimeout().toNanos() + readTimeout.toNanos());
    open.add(ex);
    String readTimedOut = "read timeout after " + readTimeout.toMillis() / 1000.0 + " s";
    try {
      try {
        conn.connect();
      } catch (SocketTimeoutException e) {
        if (ex.expired()
            || !String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("connect")) {
          return Step.done(failure(0, readTimedOut)); // the TLS handshake stalled
        }
        return Step.done(
            failure(0, "connect timeout after " + settings.connectTimeout().toSeconds() + " s"));
      } catch (ConnectException e) {
        return Step.done(
            failure(
                0,
                "cannot connect to "
                    + uri.getHost()
                    + ": "
                    + String.valueOf(e.getMessage())
                        .toLowerCase(Locale.ROOT)
                        .replaceFirst(" \\(connect failed\\)$", "")));
      } catch (UnknownHostException e) {
        return Step.done(failure(0, "cannot resolve host " + uri.getHost()));
      }
      int status = conn.getResponseCode();
      if (!ex.bodyPhase()) {
        return Step.done(failure(0, readTimedOut));
      }
      if (status < 100) {
        return Step.done(failure(0, "not an HTTP response"));
      }
      if (isRedirect(status)) {
        discard(conn, status, ex.deadline());
        return new Step(null, status, conn.getHeaderField("Location"));
      }
      if (status == 304) {
        discard(conn, status, ex.deadline());
        return Step.done(new FetchOutcome.NotModified(uri.toString(), moved));
      }
      if (status < 200 || status > 299) {
        Optional<Duration> retryAfter =
            status == 429 || status == 503
                ? parseRetryAfter(
                    Optional.ofNullable(conn.getHeaderField("Retry-After")).orElse(""),
                    Instant.now())
                : Optional.empty();
        discard(conn, status, ex.deadline());
        return Step.done(new FetchOutcome.Failure(status, "HTTP " + status, retryAfter));
      }
      if (conn.getContentLengthLong() > settings.maxBytes()) {
        // Content-Length already says too much: do not read a byte of it.
        conn.disconnect();
        return Step.done(failure(0, tooLarge()));
      }
      byte[] raw;
      try (InputStream in = conn.getInputStream()) {
        raw = readCapped(in, settings.maxBytes(), ex.deadline());
      } catch (BodyTooLargeException e) {
        conn.disconnect();
        return Step.done(failure(0, tooLarge()));
      }
      byte[] body;
      try {
        body = gunzipIfMagic(decode(raw, conn.getContentEncoding()));
      } catch (BodyTooLargeException e) {
        return Step.done(
            failure(
                status, "body larger than " + settings.maxBytes() + " bytes after decompression"));
      } catch (IOException e) {
        return Step.done(failure(status, "cannot decompress body: " + oneLine(e)));
      }
      return Step.done(
          new FetchOutcome.Body(
              uri.toString(),
              status,
              body,
              Optional.ofNullable(conn.getContentType()).orElse(""),
              Optional.ofNullable(conn.getHeaderField("ETag")),
              Optional.ofNullable(conn.getHeaderField("Last-Modified")),
              moved));
    } catch (IOException e) {
      conn.disconnect();
      if (ex.expired() || e instanceof SocketTimeoutException) {
        return Step.done(failure(0, readTimedOut));
      }
      if (ex.cancelled() || Thread.currentThread().isInterrupted()) {
        return Step.done(failure(0, "interrupted"));
      }
      if (e instanceof SSLException) {
        return Step.done(failure(0, "TLS error: " + oneLine(e)));
      }
      return Step.done(failure(0, "I/O error: " + oneLine(e)));
    } catch (IllegalArgumentException e) {
      conn.disconnect();
      return Step.done(failure(0, "invalid URL: " + uri));
    } finally {
      ex.finish();
      open.remove(ex);
    }
  }

  private String tooLarge() {
    return "body larger than " + settings.maxBytes() + " bytes: stopped reading";
  }

  /**
   * Reads a stream to its end, failing with {@link BodyTooLargeException} as soon as it yields more
   * than {@code max} bytes, and with a {@link SocketTimeoutException} once past {@code deadline} (a
   * {@link System#nanoTime()} value, or {@link #NO_DEADLINE}); a single read waits at most the
   * socket's read timeout.
   */
  public static byte[] readCapped(InputStream in, long max, long deadline) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16384];
    long total = 0;
    int n;
    while ((n = in.read(buf)) != -1) {
      total += n;
      if (total > max) {
        throw new BodyTooLargeException();
      }
      out.write(buf, 0, n);
      if (deadline != NO_DEADLINE && System.nanoTime() - deadline > 0) {
        throw new SocketTimeoutException("deadline passed");
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new java.io.InterruptedIOException("interrupted");
      }
    }
    return out.toByteArray();
  }

  /**
   * How much of an unwanted body (an error page, a redirect's note) is read to keep the connection.
   */
  private static final int DISCARD_MAX = 64 * 1024;

  /**
   * Reads and drops the body of an answer that is not wanted (a redirect, a 304, an error page), so
   * that the connection goes back to the JDK's keep-alive cache now, not after a background drain;
   * a body larger than {@value #DISCARD_MAX} bytes or past the deadline closes the connection.
   */
  private static void discard(HttpURLConnection conn, int status, long deadline) {
    try {
      InputStream in = status >= 400 ? conn.getErrorStream() : conn.getInputStream();
      if (in == null) {
        return;
      }
      try (in) {
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
          total += n;
          if (total > DISCARD_MAX || System.nanoTime() - deadline > 0) {
            conn.disconnect();
            return;
          }
        }
      }
    } catch (IOException e) {
      conn.disconnect();
    }
  }

  /** A timeout for {@link HttpURLConnection}, whose 0 means "none": a configured one never is. */
  public static int timeoutMillis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private byte[] decode(byte[] raw, String contentEncoding) throws IOException {
    String encoding =
        contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    switch (encoding) {
      case "":
      case "identity":
        return raw;
      case "gzip":
      case "x-gzip":
        return readCapped(new GZIPInputStream(new java.io.ByteArrayInputStream(raw)));
      case "deflate":
        // RFC 9110 §8.4.1.2 says zlib-wrapped, but some servers send raw deflate: try both.
        try {
          return readCapped(new InflaterInputStream(new java.io.ByteArrayInputStream(raw)));
        } catch (ZipException e) {
          return readCapped(
              new InflaterInputStream(new java.io.ByteArrayInputStream(raw), new Inflater(true)));
        }
      default:
        throw new IOException("unsupported Content-Encoding " + encoding);
    }
  }

  /** A body that is itself a gzip file (a .xml.gz, or a server that encodes twice). */
  private byte[] gunzipIfMagic(byte[] body) throws IOException {
    if (body.length > 2 && (body[0] & 0xFF) == 0x1F && (body[1] & 0xFF) == 0x8B) {
      return readCapped(new GZIPInputStream(new java.io.ByteArrayInputStream(body)));
    }
    return body;
  }

  /** Reads a stream fully, failing as soon as it yields more than the cap. */
  byte[] readCapped(InputStream in) throws IOException {
    try (in) {
      return readCapped(in, settings.maxBytes(), NO_DEADLINE);
    }
  }

  private FetchOutcome readFile(URI uri) {
    Path path;
    try {
      path = Path.of(uri);
    } catch (RuntimeException e) {
      return failure(0, "invalid file URL: " + uri);
    }
    try {
      byte[] body = gunzipIfMagic(readCapped(Files.newInputStream(path)));
      return new FetchOutcome.Body(
          uri.toString(), 200, body, "", Optional.empty(), Optional.empty(), Optional.empty());
    } catch (BodyTooLargeException e) {
      return failure(0, "file larger than " + settings.maxBytes() + " bytes");
    } catch (NoSuchFileException e) {
      return failure(0, "no such file: " + path);
    } catch (IOException e) {
      return failure(0, "cannot read " + path + ": " + oneLine(e));
    }
  }

  /** Parses Retry-After: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
  static Optional<Duration> parseRetryAfter(String value, Instant now) {
    String v = value.trim();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException e) {
        return Optional.of(Duration.ofDays(1));
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static FetchOutcome failure(int status, String reason) {
    return new FetchOutcome.Failure(status, reason, Optional.empty());
  }

  public static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    m = m.replaceAll("\\s+", " ").trim();
    return m.length() > 300 ? m.substring(0, 300) + "..." : m;
  }

  /** Ends the requests still waiting for an answer; those reading a body end within a read. */
  @Override
  public void close() {
    for (ConnectionGuard ex : open) {
      ex.cancel();
    }
  }

  /** Thrown when a body exceeds the cap, raw or decompressed. */
  public static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException() {
      super("body too large");
    }
  }
}
