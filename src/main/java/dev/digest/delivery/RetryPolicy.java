package dev.digest.delivery;

import java.time.Duration;

/**
 * How hard a delivery tries before giving up on a message or pausing.
 *
 * @param maxAttempts send attempts per message in one run before it is marked failed
 * @param initialBackoff wait after the first transient failure; doubled after each further one
 * @param maxBackoff upper bound of one wait
 * @param pauseAfter consecutive failed attempts (any message, any worker) that pause the delivery
 * @param batchSize rows claimed per database round trip
 * @param staleAfter a {@code sending} row claimed longer ago than this is taken over (its worker
 *     is presumed dead); {@link Duration#ZERO} for a resume after a crash
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    int pauseAfter,
    int batchSize,
    Duration staleAfter) {

  public RetryPolicy {
    if (maxAttempts < 1 || pauseAfter < 1 || batchSize < 1) {
      throw new IllegalArgumentException("maxAttempts, pauseAfter and batchSize must be >= 1");
    }
  }

  /**
   * 5 attempts, 1 s doubling to 30 s (a 10 s SMTP outage is ridden out), pause after 20
   * consecutive errors, batches of 50, rows stale after 10 minutes.
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        5, Duration.ofSeconds(1), Duration.ofSeconds(30), 20, 50, Duration.ofMinutes(10));
  }

  public RetryPolicy withStaleAfter(Duration d) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, pauseAfter, batchSize, d);
  }

  /** Wait before attempt {@code n + 1} after {@code n} failures: exponential, full jitter above half. */
  Duration backoff(int failures, double random) {
    long base = initialBackoff.toMillis();
    long capped = Math.min(maxBackoff.toMillis(), base << Math.min(20, Math.max(0, failures - 1)));
    // "Equal jitter": at least half the step, so retries of many workers spread without collapsing.
    return Duration.ofMillis(capped / 2 + (long) (random * (capped - capped / 2)));
  }
}
