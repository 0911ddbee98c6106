package dev.digest.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background helper of {@code digest serve}: every few seconds it looks for editions with rows left
 * to send and delivers them. That lets a node help with an edition another node started (several
 * nodes on one PostgreSQL share the rows), finishes an edition whose node died (its {@code sending}
 * rows once they are older than the policy's {@code staleAfter}, never the fresh ones of a live
 * node), and tries a paused edition again (after a wait that doubles up to an hour, so a mail
 * server that stays down is not hammered).
 */
public final class DeliveryWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
  private static final Duration FIRST_RETRY_AFTER_PAUSE = Duration.ofMinutes(1);
  private static final Duration LAST_RETRY_AFTER_PAUSE = Duration.ofHours(1);

  private final DeliveryRepository deliveries;
  private final DeliveryRunner runner;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final Map<Long, Retry> paused = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private record Retry(Instant notBefore, Duration delay) {}

  private DeliveryWorker(DeliveryRepository deliveries, DeliveryRunner runner, Clock clock) {
    this.deliveries = deliveries;
    this.runner = runner;
    this.clock = clock;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "delivery-worker");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts looking for open editions every {@code every}, first after one period. */
  public static DeliveryWorker start(
      DeliveryRepository deliveries, DeliveryRunner runner, Clock clock, Duration every) {
    DeliveryWorker w = new DeliveryWorker(deliveries, runner, clock);
    long ms = Math.max(100, every.toMillis());
    // The future is not kept: tickSafely catches what a tick throws, so the task keeps running.
    Future<?> unused = w.timer.scheduleWithFixedDelay(w::tickSafely, ms, ms, TimeUnit.MILLISECONDS);
    log.info("delivery worker started every_ms={} node={}", ms, runner.nodeId());
    return w;
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      // The database may be away for a moment: try again next period.
      log.warn("delivery worker tick failed error={}", e.toString());
    }
  }

  /** One look: delivers every open edition this process is not delivering already. */
  void tick() {
    for (long id : deliveries.openEditions()) {
      if (closed) {
        return;
      }
      if (runner.active().stream().map(DeliveryProgress::editionId).anyMatch(e -> e == id)) {
        continue;
      }
      Instant now = clock.instant();
      Retry retry = paused.get(id);
      if (retry != null && now.isBefore(retry.notBefore())) {
        continue;
      }
      Duration staleAfter = runner.policy().staleAfter();
      if (deliveries.claimable(id, now.minus(staleAfter)) == 0) {
        continue; // every open row is in the hands of a live worker somewhere
      }
      log.info("delivery worker picks up edition_id={}", id);
      DeliveryReport report = runner.deliver(id, DeliveryListener.NONE, staleAfter);
      if (report.paused()) {
        Duration wait =
            retry == null
                ? FIRST_RETRY_AFTER_PAUSE
                : min(retry.delay().multipliedBy(2), LAST_RETRY_AFTER_PAUSE);
        paused.put(id, new Retry(clock.instant().plus(wait), wait));
        log.warn("delivery still paused edition_id={} next_try_in_s={}", id, wait.toSeconds());
      } else {
        paused.remove(id);
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Stops looking; a delivery in progress is asked to stop and its rows in hand go back. */
  @Override
  public void close() {
    closed = true;
    timer.shutdown();
    runner.stop();
    try {
      if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      timer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
