package dev.digest.feed;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * At most {@code perHost} calls at a time to one host (and port), and hosts contacted for the first
 * time one at a time, {@link #NEW_HOST_GAP} apart. Thread-safe.
 *
 * <p>Why the gap: a first contact opens a connection, and a check starts by contacting sixteen hosts
 * at once. Their SYNs arriving in the same millisecond overflow a small listen queue when the hosts
 * are one server (the benchmark's feed server listens with a backlog of 5; one CDN or one hosting
 * service often fronts many feeds), and every dropped SYN costs its feed a second, the kernel's
 * first retransmission timeout: 1 to 14 drops per check of 1,000 feeds over 50 hosts before, none
 * in the runs after. Two milliseconds a host costs a check of 50 new hosts at most 0.1 s of start,
 * spread over the first round of requests.
 */
public final class HostLimiter {

  /** The least time between two first contacts. */
  public static final Duration NEW_HOST_GAP = Duration.ofMillis(2);

  private final int perHost;
  private final long gapNanos;
  private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
  private final AtomicLong nextNewHost;

  public HostLimiter(int perHost) {
    this(perHost, NEW_HOST_GAP);
  }

  HostLimiter(int perHost, Duration newHostGap) {
    this.perHost = Math.max(1, perHost);
    this.gapNanos = newHostGap.toNanos();
    this.nextNewHost = new AtomicLong(System.nanoTime() - gapNanos);
  }

  /** Runs {@code work} holding one slot of {@code url}'s host; URLs without a host run freely. */
  public <T> T run(String url, Supplier<T> work) throws InterruptedException {
    String host = hostKey(url);
    if (host.isEmpty()) {
      return work.get();
    }
    boolean[] first = {false};
    Semaphore slot = slots.computeIfAbsent(host, h -> {
      first[0] = true;
      return new Semaphore(perHost);
    });
    slot.acquire();
    try {
      if (first[0]) {
        awaitTurnForNewHost();
      }
      return work.get();
    } finally {
      slot.release();
    }
  }

  /** Takes the next first-contact turn and waits for it. */
  private void awaitTurnForNewHost() throws InterruptedException {
    long now = System.nanoTime();
    long previous = nextNewHost.getAndUpdate(n -> Math.max(n, now) + gapNanos);
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
