package dev.digest.http;

import java.time.Duration;
import java.util.Optional;

/** What one HTTP (or file) fetch came to, before any parsing. */
public sealed interface FetchOutcome {

  /**
   * A body was read (already decompressed, within the size cap).
   *
   * @param finalUrl the URL after redirects
   * @param movedPermanently the final URL when every redirect on the way was a 301/308
   */
  record Body(
      String finalUrl,
      int status,
      byte[] body,
      String contentType,
      Optional<String> etag,
      Optional<String> lastModified,
      Optional<String> movedPermanently)
      implements FetchOutcome {}

  /** 304: the validators sent still match. */
  record NotModified(String finalUrl, Optional<String> movedPermanently) implements FetchOutcome {}

  /**
   * The fetch failed.
   *
   * @param status the HTTP status, 0 when there was no response
   * @param reason one line for people
   * @param retryAfter the server's Retry-After (429, 503), when it gave one
   */
  record Failure(int status, String reason, Optional<Duration> retryAfter)
      implements FetchOutcome {}
}
