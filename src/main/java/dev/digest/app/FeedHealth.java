package dev.digest.app;

import java.time.Instant;
import java.util.Optional;

/**
 * One configured feed's last fetches, from {@code feed_state}: what the web admin, its feeds page
 * and /metrics show (web may not import feed, so the view is a record of app's).
 *
 * @param lastStatus the HTTP status of the last fetch; 0 when the feed was never fetched
 * @param nextRetry after failures, the time before which the feed is left alone (backoff)
 * @param disabled the entry says {@code disabled: true}: it is not fetched
 */
public record FeedHealth(
    String url,
    int lastStatus,
    String lastError,
    Optional<Instant> lastFetchedAt,
    Optional<Instant> lastSuccessAt,
    int consecutiveFailures,
    int itemsLastFetch,
    Optional<Instant> nextRetry,
    boolean disabled) {}
