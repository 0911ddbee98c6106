package dev.digest.feed;

import java.net.HttpURLConnection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link HttpURLConnection} exchange in flight, so that a watchdog (its deadline) or a close
 * can end it. Its state moves once, from waiting for the headers to reading the body, expired, or
 * cancelled. The connection is closed from outside only while the caller waits for headers:
 * closing it during a body read blocks until that read returns, so the body loop checks the
 * deadline itself. Thread-safe.
 */
public final class ConnectionGuard {
  private static final int HEADERS = 0;
  private static final int BODY = 1;
  private static final int EXPIRED = 2;
  private static final int CANCELLED = 3;

  private final HttpURLConnection conn;
  private final AtomicInteger state = new AtomicInteger(HEADERS);
  private final ScheduledFuture<?> deadline;

  /** Guards {@code conn}: {@code watchdog} expires it {@code nanos} from now. */
  public ConnectionGuard(HttpURLConnection conn, ScheduledExecutorService watchdog, long nanos) {
    this.conn = conn;
    this.deadline = watchdog.schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
  }

  private void expire() {
    if (state.compareAndSet(HEADERS, EXPIRED)) {
      conn.disconnect();
    }
  }

  /** Ends the exchange if it still waits for its headers (a close of the owner). */
  public void cancel() {
    if (state.compareAndSet(HEADERS, CANCELLED)) {
      conn.disconnect();
    }
  }

  /** True when the headers came in before the deadline or a cancel ended the exchange. */
  public boolean bodyPhase() {
    return state.compareAndSet(HEADERS, BODY) || state.get() == BODY;
  }

  public boolean expired() {
    return state.get() == EXPIRED;
  }

  public boolean cancelled() {
    return state.get() == CANCELLED;
  }

  /** The exchange is over: the watchdog has nothing left to do. */
  public void finish() {
    deadline.cancel(false);
    state.compareAndSet(HEADERS, BODY);
  }
}
