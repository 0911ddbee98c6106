package dev.digest.subscribe;

import java.time.Instant;
import java.util.Optional;

/** One reader. */
public record Subscriber(
    long id,
    String email,
    SubscriberStatus status,
    Instant createdAt,
    Optional<Instant> confirmedAt,
    Optional<Instant> unsubscribedAt) {}
