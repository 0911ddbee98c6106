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
 * @param staleAfter a {@code sending} row claimed longer ago than this is taken over (its worker is
 *     presumed dead); {@link Duration#ZERO} for a resume after a crash
 * @param resumeWithin how long a paused delivery keeps probing the mail server (waits doubling from
 *     {@code initialBackoff} to {@code maxBackoff}) before it gives up and returns paused; {@link
 *     Duration#ZERO}: return paused at once
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    int pauseAfter,
    int batchSize,
    Duration staleAfter,
    Duration resumeWithin) {

  public RetryPolicy {
    if (maxAttempts < 1 || pauseAfter < 1 || batchSize < 1) {
      throw new IllegalArgumentException("maxAttempts, pauseAfter and batchSize must be >= 1");
    }
    if (resumeWithin == null || resumeWithin.isNegative()) {
      throw new IllegalArgumentException("resumeWithin must be zero or positive");
    }
  }

  /** Without automatic resume: a pause returns at once. */
  public RetryPolicy(
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      int pauseAfter,
      int batchSize,
      Duration staleAfter) {
    this(maxAttempts, initialBackoff, maxBackoff, pauseAfter, batchSize, staleAfter, Duration.ZERO);
  }

  /**
   * 5 attempts, 1 s doubling to 30 s, pause after 20 consecutive errors, batches of 50, rows stale
   * after 10 minutes, and a paused delivery probes the server for up to 15 minutes before it gives
   * up (a mail server restart or a short network outage is ridden out without an operator).
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        5,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        20,
        50,
        Duration.ofMinutes(10),
        Duration.ofMinutes(15));
  }

  public RetryPolicy withStaleAfter(Duration d) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, maxBackoff, pauseAfter, batchSize, d, resumeWithin);
  }

  public RetryPolicy withResumeWithin(Duration d) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, maxBackoff, pauseAfter, batchSize, staleAfter, d);
  }

  /**
   * Wait before attempt {@code n + 1} after {@code n} failures: exponential, full jitter above
   * half.
   */
  Duration backoff(int failures, double random) {
    long base = initialBackoff.toMillis();
    long capped = Math.min(maxBackoff.toMillis(), base << Math.min(20, Math.max(0, failures - 1)));
    // "Equal jitter": at least half the step, so retries of many workers spread without collapsing.
    return Duration.ofMillis(capped / 2 + (long) (random * (capped - capped / 2)));
  }
}
