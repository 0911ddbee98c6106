package dev.digest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostLimiterTest {

  @Test
  void firstContactsWithHostsAreSpacedByTheGap() throws Exception {
    Duration gap = Duration.ofMillis(40);
    HostLimiter limiter = new HostLimiter(2, gap);
    List<Long> starts = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(6);
    long begin = System.nanoTime();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        String url = "http://127.0.0." + i + ":8080/feed.xml";
        done.add(pool.submit(() -> limiter.run(url, () -> starts.add(System.nanoTime()))));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Long> sorted = new ArrayList<>(starts);
    Collections.sort(sorted);
    assertThat(sorted).hasSize(6);
    for (int k = 0; k < sorted.size(); k++) {
      // The k-th first contact has the k-th turn, no earlier than k gaps after the first could
      // start. A lower bound only: a turn is never taken early, however busy the machine.
      assertThat(sorted.get(k) - begin).isGreaterThanOrEqualTo(k * gap.toNanos());
    }
  }

  @Test
  void aHostAlreadyContactedWaitsForNoTurn() throws Exception {
    // With a gap of a minute, a second first-contact would hang the test; a known host must not.
    HostLimiter limiter = new HostLimiter(2, Duration.ofMinutes(1));
    AtomicInteger calls = new AtomicInteger();
    limiter.run("http://example.org/a.xml", calls::incrementAndGet);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> again =
          pool.submit(() -> limiter.run("http://EXAMPLE.org/b.xml", calls::incrementAndGet));
      assertThat(again.get(10, TimeUnit.SECONDS)).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSecondCallInFlightOnAHostNeedsAConnectionAndWaitsForATurn() throws Exception {
    Duration gap = Duration.ofMillis(300);
    HostLimiter limiter = new HostLimiter(2, gap);
    java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    long begin = System.nanoTime();
    try {
      Future<Long> first =
          pool.submit(
              () ->
                  limiter.run(
                      "http://example.org/a.xml",
                      () -> {
                        inside.countDown();
                        try {
                          release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return System.nanoTime();
                      }));
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
      // The first call is still in flight: this one cannot reuse its connection.
      Future<Long> second =
          pool.submit(() -> limiter.run("http://example.org/b.xml", System::nanoTime));
      long secondStart = second.get(10, TimeUnit.SECONDS);
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      assertThat(secondStart - begin).isGreaterThanOrEqualTo(gap.toNanos());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void urlsWithoutAHostRunFreely() throws Exception {
    HostLimiter limiter = new HostLimiter(1, Duration.ofMinutes(1));
    assertThat(limiter.run("file:/tmp/a.xml", () -> 1)).isEqualTo(1);
    assertThat(limiter.run("file:/tmp/b.xml", () -> 2)).isEqualTo(2);
    assertThat(HostLimiter.hostKey("http://Example.ORG:81/x")).isEqualTo("example.org:81");
    assertThat(HostLimiter.hostKey("not a url")).isEmpty();
  }
}
