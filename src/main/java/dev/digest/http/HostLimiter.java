package dev.digest.http;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * At most {@code perHost} calls at a time to one host (and port), and new connections opened one at
 * a time, {@link #NEW_CONNECTION_GAP} apart. Thread-safe.
 *
 * <p>Why the gap: a check starts by contacting sixteen hosts at once, and each first contact opens
 * a connection. Their SYNs arriving in the same millisecond overflow a small listen queue when the
 * hosts are one server (the benchmark's feed server listens with a backlog of 5; one CDN or one
 * hosting service often fronts many feeds), and every dropped SYN costs its feed a second, the
 * kernel's first retransmission timeout: 1 to 14 drops per check of 1,000 feeds over 50 hosts
 * before. Two milliseconds a connection costs a check of 50 new hosts at most 0.1 s, spread over
 * the first round of requests.
 *
 * <p>Which calls open a connection is the JDK's business (its keep-alive cache), so it is
 * estimated: a call that finds more calls in flight on its host than ever before needs one more
 * connection than that host has had; every other call finds an idle one.
 */
public final class HostLimiter {

  /** The least time between two calls that open a connection. */
  public static final Duration NEW_CONNECTION_GAP = Duration.ofMillis(2);

  private final int perHost;
  private final long gapNanos;
  private final Map<String, Host> hosts = new ConcurrentHashMap<>();
  private final AtomicLong nextConnection;

  /** One host's slots, calls in flight, and the most calls it has had at once (its connections). */
  private static final class Host {
    final Semaphore slots;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();

    Host(int perHost) {
      slots = new Semaphore(perHost);
    }

    /** Counts a call in; true when it needs one more connection than the host has had. */
    boolean enterNeedsConnection() {
      int n = inFlight.incrementAndGet();
      int had = connections.getAndAccumulate(n, Math::max);
      return n > had;
    }
  }

  public HostLimiter(int perHost) {
    this(perHost, NEW_CONNECTION_GAP);
  }

  HostLimiter(int perHost, Duration newConnectionGap) {
    this.perHost = Math.max(1, perHost);
    this.gapNanos = newConnectionGap.toNanos();
    this.nextConnection = new AtomicLong(System.nanoTime() - gapNanos);
  }

  /** Runs {@code work} holding one slot of {@code url}'s host; URLs without a host run freely. */
  public <T> T run(String url, Supplier<T> work) throws InterruptedException {
    String host = hostKey(url);
    if (host.isEmpty()) {
      return work.get();
    }
    Host h = hosts.computeIfAbsent(host, k -> new Host(perHost));
    h.slots.acquire();
    try {
      if (h.enterNeedsConnection()) {
        awaitTurnForNewConnection();
      }
      return work.get();
    } finally {
      h.inFlight.decrementAndGet();
      h.slots.release();
    }
  }

  /** Takes the next turn to open a connection and waits for it. */
  private void awaitTurnForNewConnection() throws InterruptedException {
    long now = System.nanoTime();
    long previous = nextConnection.getAndUpdate(n -> Math.max(n, now) + gapNanos);
    long turn = Math.max(previous, now);
    for (long left = turn - System.nanoTime(); left > 0; left = turn - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  /** {@code host:port} of a URL, "" for file: URLs and garbage. */
  public static String hostKey(String url) {
    try {
      URI uri = URI.create(url.trim());
      String host = uri.getHost();
      return host == null ? "" : host.toLowerCase(Locale.ROOT) + ":" + uri.getPort();
    } catch (RuntimeException e) {
      return "";
    }
  }
}
