package dev.digest.web;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * At most {@code limit} events per key in a sliding window. Keeps a bounded number of keys (the
 * least recently used are forgotten), so a flood of distinct keys cannot exhaust memory.
 */
final class RateLimiter {

  private static final int MAX_KEYS = 10_000;
  private final int limit;
  private final long windowNanos;
  private final Map<String, Deque<Long>> events =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
          return size() > MAX_KEYS;
        }
      };

  RateLimiter(int limit, Duration window) {
    this.limit = limit;
    this.windowNanos = window.toNanos();
  }

  /** Records an event for {@code key}; false when the key is over its limit. */
  synchronized boolean allow(String key) {
    long now = System.nanoTime();
    Deque<Long> q = events.computeIfAbsent(key, k -> new ArrayDeque<>());
    while (!q.isEmpty() && now - q.peekFirst() > windowNanos) {
      q.pollFirst();
    }
    if (q.size() >= limit) {
      return false;
    }
    q.addLast(now);
    return true;
  }
}
