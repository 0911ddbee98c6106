package dev.digest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimiterTest {

  @ParameterizedTest(name = "{0}/s x {1}")
  @CsvSource(
      textBlock =
          """
      5,    10, 1800
      20,   21, 1000
      0.5,  3,  4000
      1000, 1,  0
      0,    50, 0
      """)
  void spacesPermitsEvenlyOnAFakeClock(double rate, int permits, long expectedMillis)
      throws Exception {
    AtomicLong clock = new AtomicLong(1_000_000L);
    long start = clock.get();
    RateLimiter limiter = new RateLimiter(rate, clock::get, clock::addAndGet);
    for (int i = 0; i < permits; i++) {
      limiter.acquire();
    }
    assertThat((clock.get() - start) / 1_000_000L).isEqualTo(expectedMillis);
  }

  @ParameterizedTest(name = "idle {0} ms grants no burst")
  @CsvSource({"0", "5000"})
  void idleTimeIsNotBanked(long idleMillis) throws Exception {
    AtomicLong clock = new AtomicLong(0);
    RateLimiter limiter = new RateLimiter(10, clock::get, clock::addAndGet);
    limiter.acquire();
    clock.addAndGet(idleMillis * 1_000_000L);
    long before = clock.get();
    for (int i = 0; i < 5; i++) {
      limiter.acquire();
    }
    // First after idle is immediate (when idle >= interval), then 100 ms apart.
    long waited = (clock.get() - before) / 1_000_000L;
    assertThat(waited).isEqualTo(idleMillis >= 100 ? 400 : 500);
  }
}
