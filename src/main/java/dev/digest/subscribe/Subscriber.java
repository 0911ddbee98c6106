package dev.digest.subscribe;

import java.time.Instant;
import java.util.Optional;

/**
 * One reader.
 *
 * @param cadence the cadence the reader chose, {@code ""} for none (the default cadence applies)
 * @param excludedTopics the topics (feeds' categories, in lower case) the reader left out
 * @param pausedUntil no edition goes to the reader before this time, when set
 * @param excludedFeeds the feeds (feeds.yml URLs) the reader left out, applied only with {@code
 *     digest.reader-feed-choice: true}
 */
public record Subscriber(
    long id,
    String email,
    SubscriberStatus status,
    Instant createdAt,
    Optional<Instant> confirmedAt,
    Optional<Instant> unsubscribedAt,
    String cadence,
    java.util.Set<String> excludedTopics,
    Optional<Instant> pausedUntil,
    java.util.Set<String> excludedFeeds) {

  /** A reader who chose no cadence. */
  public Subscriber(
      long id,
      String email,
      SubscriberStatus status,
      Instant createdAt,
      Optional<Instant> confirmedAt,
      Optional<Instant> unsubscribedAt) {
    this(
        id,
        email,
        status,
        createdAt,
        confirmedAt,
        unsubscribedAt,
        "",
        java.util.Set.of(),
        Optional.empty(),
        java.util.Set.of());
  }

  public Subscriber {
    cadence = cadence == null ? "" : cadence;
    excludedTopics =
        excludedTopics == null ? java.util.Set.of() : java.util.Set.copyOf(excludedTopics);
    pausedUntil = pausedUntil == null ? Optional.empty() : pausedUntil;
    excludedFeeds =
        excludedFeeds == null ? java.util.Set.of() : java.util.Set.copyOf(excludedFeeds);
  }
}
