package dev.digest.feed;

import dev.digest.config.FetchSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Fetches one URL (http, https or file) within the configured limits: connect and read timeouts, a
 * body cap enforced while streaming and again after decompression, at most {@value #MAX_REDIRECTS}
 * redirects with loop detection. Never throws for network trouble: that is a {@link
 * FetchOutcome.Failure}. Thread-safe; share one per process.
 */
public final class HttpFetcher implements AutoCloseable {

  static final int MAX_REDIRECTS = 5;

  private final FetchSettings settings;
  private final HttpClient client;

  public HttpFetcher(FetchSettings settings) {
    this.settings = settings;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            // Redirects are followed by hand: to count them, spot loops and permanent moves.
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public FetchSettings settings() {
    return settings;
  }

  /** Fetches {@code url} with the default read timeout. */
  public FetchOutcome fetch(String url, Validators validators, String accept) {
    return fetch(url, validators, accept, settings.readTimeout());
  }

  /**
   * Fetches {@code url}; {@code readTimeout} bounds the whole exchange after connecting (headers
   * and body), so a server that stalls mid-body cannot hold a worker for longer.
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
      HttpResponse<byte[]> response;
      try {
        response = exchange(current, validators, accept, readTimeout);
      } catch (BodyTooLargeException e) {
        return failure(0, "body larger than " + settings.maxBytes() + " bytes: stopped reading");
      } catch (HttpConnectTimeoutException e) {
        return failure(0, "connect timeout after " + settings.connectTimeout().toSeconds() + " s");
      } catch (TimeoutException | HttpTimeoutException e) {
        return failure(0, "read timeout after " + readTimeout.toMillis() / 1000.0 + " s");
      } catch (ConnectException e) {
        return failure(0, "cannot connect to " + current.getHost() + ": connection refused");
      } catch (IOException e) {
        return failure(0, "I/O error: " + oneLine(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failure(0, "interrupted");
      } catch (IllegalArgumentException e) {
        return failure(0, "invalid URL: " + current);
      }
      int status = response.statusCode();
      Optional<String> moved =
          redirected && allPermanent ? Optional.of(current.toString()) : Optional.empty();
      if (isRedirect(status)) {
        Optional<String> location = response.headers().firstValue("Location");
        if (location.isEmpty()) {
          return failure(status, "HTTP " + status + " without Location header");
        }
        if (hop >= MAX_REDIRECTS) {
          return failure(status, "more than " + MAX_REDIRECTS + " redirects");
        }
        URI next;
        try {
          next = current.resolve(location.get().trim());
        } catch (IllegalArgumentException e) {
          return failure(status, "invalid redirect Location: " + location.get());
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
          return failure(status, "redirect to unsupported scheme: " + next);
        }
        // RFC 9110 §15.4.2 / RFC 7538: only 301 and 308 say "use the new URL from now on".
        allPermanent &= status == 301 || status == 308;
        redirected = true;
        current = next;
        continue;
      }
      if (status == 304) {
        return new FetchOutcome.NotModified(current.toString(), moved);
      }
      if (status < 200 || status > 299) {
        Optional<Duration> retryAfter =
            status == 429 || status == 503
                ? parseRetryAfter(response.headers().firstValue("Retry-After").orElse(""), Instant.now())
                : Optional.empty();
        return new FetchOutcome.Failure(status, "HTTP " + status, retryAfter);
      }
      byte[] body;
      try {
        body = gunzipIfMagic(decode(response.body(), response.headers()));
      } catch (BodyTooLargeException e) {
        return failure(
            status, "body larger than " + settings.maxBytes() + " bytes after decompression");
      } catch (IOException e) {
        return failure(status, "cannot decompress body: " + oneLine(e));
      }
      HttpHeaders h = response.headers();
      return new FetchOutcome.Body(
          current.toString(),
          status,
          body,
          h.firstValue("Content-Type").orElse(""),
          h.firstValue("ETag"),
          h.firstValue("Last-Modified"),
          moved);
    }
  }

  private HttpResponse<byte[]> exchange(
      URI uri, Validators validators, String accept, Duration readTimeout)
      throws IOException, InterruptedException, TimeoutException {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(readTimeout)
            .header("User-Agent", settings.userAgent())
            .header("Accept", accept)
            // Decoded here, with a counting limit: a small gzip bomb must not become gigabytes.
            .header("Accept-Encoding", "gzip, deflate");
    validators.etag().ifPresent(v -> rb.header("If-None-Match", v));
    validators.lastModified().ifPresent(v -> rb.header("If-Modified-Since", v));
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(rb.build(), info -> new CappedBodySubscriber(settings.maxBytes(),
            info.headers().firstValueAsLong("Content-Length").orElse(-1)));
    try {
      return future.get(
          settings.connectTimeout().toMillis() + readTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw e;
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (CancellationException e) {
      throw new IOException("cancelled", e);
    } catch (ExecutionException e) {
      // Report the most telling cause: the JDK wraps ConnectException around its own causes.
      Throwable cause = e.getCause();
      for (Throwable c = cause; c != null; c = c.getCause()) {
        if (c instanceof BodyTooLargeException || c instanceof HttpTimeoutException
            || c instanceof ConnectException) {
          throw (IOException) c;
        }
        if (c.getCause() == c) {
          break;
        }
      }
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      throw new IOException(cause == null ? e : cause);
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private byte[] decode(byte[] raw, HttpHeaders headers) throws IOException {
    String encoding =
        headers.firstValue("Content-Encoding").orElse("").trim().toLowerCase(Locale.ROOT);
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
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[16384];
      long total = 0;
      int n;
      while ((n = in.read(buf)) != -1) {
        total += n;
        if (total > settings.maxBytes()) {
          throw new BodyTooLargeException();
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
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

  static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    m = m.replaceAll("\\s+", " ").trim();
    return m.length() > 300 ? m.substring(0, 300) + "..." : m;
  }

  @Override
  public void close() {
    // HttpClient is AutoCloseable only from Java 21; its threads are daemons and idle out.
  }

  /** Thrown when a body exceeds the cap, raw or decompressed. */
  static final class BodyTooLargeException extends IOException {
    BodyTooLargeException() {
      super("body too large");
    }
  }

  /**
   * Collects the body into memory up to the cap and cancels the exchange as soon as more arrives,
   * so a huge or endless body costs at most {@code max} bytes and the time to read them.
   */
  private static final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final long max;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final List<byte[]> chunks = new ArrayList<>();
    private long total;
    private Flow.Subscription subscription;

    private final long declared;

    CappedBodySubscriber(long max, long declared) {
      this.max = max;
      this.declared = declared;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      this.subscription = s;
      if (declared > max) {
        // Content-Length already says too much: do not read a byte of it.
        s.cancel();
        result.completeExceptionally(new BodyTooLargeException());
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        total += b.remaining();
        if (total > max) {
          subscription.cancel();
          chunks.clear();
          result.completeExceptionally(new BodyTooLargeException());
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        chunks.add(chunk);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      byte[] all = new byte[(int) total];
      int pos = 0;
      for (byte[] c : chunks) {
        System.arraycopy(c, 0, all, pos, c.length);
        pos += c.length;
      }
      chunks.clear();
      result.complete(all);
    }
  }
}
