package dev.digest.subscribe;

import java.time.Instant;
import java.util.Optional;

/**
 * One reader.
 *
 * @param cadence the cadence the reader chose, {@code ""} for none (the default cadence applies)
 */
public record Subscriber(
    long id,
    String email,
    SubscriberStatus status,
    Instant createdAt,
    Optional<Instant> confirmedAt,
    Optional<Instant> unsubscribedAt,
    String cadence) {

  /** A reader who chose no cadence. */
  public Subscriber(long id, String email, SubscriberStatus status, Instant createdAt,
      Optional<Instant> confirmedAt, Optional<Instant> unsubscribedAt) {
    this(id, email, status, createdAt, confirmedAt, unsubscribedAt, "");
  }

  public Subscriber {
    cadence = cadence == null ? "" : cadence;
  }
}
