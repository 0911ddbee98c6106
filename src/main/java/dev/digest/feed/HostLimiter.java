package dev.digest.feed;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/** At most {@code perHost} calls at a time to one host (and port). Thread-safe. */
public final class HostLimiter {

  private final int perHost;
  private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

  public HostLimiter(int perHost) {
    this.perHost = Math.max(1, perHost);
  }

  /** Runs {@code work} holding one slot of {@code url}'s host; URLs without a host run freely. */
  public <T> T run(String url, Supplier<T> work) throws InterruptedException {
    String host = hostKey(url);
    if (host.isEmpty()) {
      return work.get();
    }
    Semaphore slot = slots.computeIfAbsent(host, h -> new Semaphore(perHost));
    slot.acquire();
    try {
      return work.get();
    } finally {
      slot.release();
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
