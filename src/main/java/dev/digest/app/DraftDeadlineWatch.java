package dev.digest.app;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serve's look at the draft's deadline (digest.approval-deadline) every few seconds, so a draft
 * nobody approved is dropped or sent on time, not at the next scheduled run. On several nodes each
 * looks; the draft's row lets one act.
 */
public final class DraftDeadlineWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DraftDeadlineWatch.class);

  private final ScheduledExecutorService timer;

  private DraftDeadlineWatch(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  public static DraftDeadlineWatch start(DigestApp app, Duration every) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "draft-deadline");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            app.drafts().enforceDeadline();
          } catch (RuntimeException e) {
            // The next look tries again; a database away for a moment must not end the watch.
            log.warn("draft deadline check failed error={}", e.toString());
          }
        },
        every.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
    return new DraftDeadlineWatch(timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
