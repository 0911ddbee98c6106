package dev.digest.config;

import java.time.Duration;

/**
 * The {@code fetch:} section: how feeds and article pages are fetched.
 *
 * @param concurrency feeds fetched at once
 * @param perHost feeds fetched at once from one host
 * @param maxBytes body cap, also applied after decompression
 */
public record FetchSettings(
    int concurrency,
    int perHost,
    Duration connectTimeout,
    Duration readTimeout,
    long maxBytes,
    String userAgent) {

  /** The User-Agent: the product and where it lives. */
  public static final String DEFAULT_USER_AGENT =
      "digest/0.1 (+https://github.com/digest-newsletter/digest)";

  /** The defaults of an absent {@code fetch:} section (also for ad-hoc reads outside any file). */
  public static FetchSettings defaults() {
    return new FetchSettings(
        16, 2, Duration.ofSeconds(10), Duration.ofSeconds(30), 10L << 20, DEFAULT_USER_AGENT);
  }
}
