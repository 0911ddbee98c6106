package dev.digest.feed;

import dev.digest.http.Validators;
import java.time.Instant;
import java.util.Optional;

/**
 * One row of {@code feed_state}: what the last fetches of a feed came to.
 *
 * @param movedTo the URL a permanent redirect pointed to on {@code movedSeen} consecutive fetches;
 *     once {@code movedSeen} reaches {@link FeedReader#MOVE_AFTER} it is fetched instead
 */
public record FeedState(
    String feedUrl,
    Optional<String> etag,
    Optional<String> lastModified,
    int lastStatus,
    Optional<String> lastError,
    Optional<Instant> lastFetchedAt,
    Optional<Instant> lastSuccessAt,
    int itemsLastFetch,
    int consecutiveFailures,
    Optional<Instant> nextFetchAfter,
    Optional<String> movedTo,
    int movedSeen) {

  /** The state of a feed never fetched. */
  public static FeedState fresh(String feedUrl) {
    return new FeedState(
        feedUrl,
        Optional.empty(),
        Optional.empty(),
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        0,
        Optional.empty(),
        Optional.empty(),
        0);
  }

  public Validators validators() {
    return new Validators(etag, lastModified);
  }
}
