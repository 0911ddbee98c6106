package dev.digest.http;

import java.net.HttpURLConnection;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link HttpURLConnection} exchange in flight and its deadline, so that the watchdog (at the
 * deadline) or a close can end it. Its state moves once, from waiting for the headers to reading
 * the body, expired, or cancelled. The connection is closed from outside only while the caller
 * waits for headers: closing it during a body read blocks until that read returns, so the body loop
 * checks {@link #deadline()} itself. Thread-safe.
 */
public final class ConnectionGuard {
  private static final int HEADERS = 0;
  private static final int BODY = 1;
  private static final int EXPIRED = 2;
  private static final int CANCELLED = 3;

  /**
   * One daemon thread for the process (feeds, article pages, model calls), started by the first
   * exchange and ended after a minute without one: a parked thread does not hold up the JVM's exit.
   */
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private final HttpURLConnection conn;
  private final long deadline;
  private final AtomicInteger state = new AtomicInteger(HEADERS);
  private final ScheduledFuture<?> expiry;

  /** Guards {@code conn} until {@code deadline}, a {@link System#nanoTime()} value. */
  public ConnectionGuard(HttpURLConnection conn, long deadline) {
    this.conn = conn;
    this.deadline = deadline;
    this.expiry =
        WATCHDOG.schedule(this::expire, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor w =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "http-watchdog");
              t.setDaemon(true);
              return t;
            });
    w.setRemoveOnCancelPolicy(true);
    w.setKeepAliveTime(1, TimeUnit.MINUTES);
    w.allowCoreThreadTimeOut(true);
    return w;
  }

  /** The {@link System#nanoTime()} by which the exchange must be over. */
  public long deadline() {
    return deadline;
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
    expiry.cancel(false);
    state.compareAndSet(HEADERS, BODY);
  }
}
