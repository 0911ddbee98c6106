package dev.digest.mail;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces out permits evenly at {@code perSecond} (0 = unlimited) across all threads: each caller
 * reserves the next free slot under a lock and sleeps outside it. No bursts: an idle limiter grants
 * one permit at once, the next one interval later. Thread-safe.
 */
final class RateLimiter {

  /** Sleeps for a number of nanoseconds; a test replaces it to move a fake clock. */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long next;
  private boolean started;

  RateLimiter(double perSecond) {
    this(perSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  RateLimiter(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
    this.intervalNanos = perSecond <= 0 ? 0 : (long) (1_000_000_000L / perSecond);
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  void acquire() throws InterruptedException {
    if (intervalNanos == 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      if (!started || next - now < 0) {
        next = now;
        started = true;
      }
      wait = next - now;
      next += intervalNanos;
    }
    if (wait > 0) {
      sleeper.sleep(wait);
    }
  }
}
