package dev.digest.subscribe;

import java.time.Instant;
import java.util.Optional;

/**
 * One reader.
 *
 * @param cadence the cadence the reader chose, {@code ""} for none (the default cadence applies)
 * @param excludedTopics the topics (feeds' categories, in lower case) the reader left out
 */
public record Subscriber(
    long id,
    String email,
    SubscriberStatus status,
    Instant createdAt,
    Optional<Instant> confirmedAt,
    Optional<Instant> unsubscribedAt,
    String cadence,
    java.util.Set<String> excludedTopics) {

  /** A reader who chose no cadence. */
  public Subscriber(long id, String email, SubscriberStatus status, Instant createdAt,
      Optional<Instant> confirmedAt, Optional<Instant> unsubscribedAt) {
    this(id, email, status, createdAt, confirmedAt, unsubscribedAt, "", java.util.Set.of());
  }

  public Subscriber {
    cadence = cadence == null ? "" : cadence;
    excludedTopics = excludedTopics == null ? java.util.Set.of() : java.util.Set.copyOf(excludedTopics);
  }
}
