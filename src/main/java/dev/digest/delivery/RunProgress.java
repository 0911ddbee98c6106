package dev.digest.delivery;

import dev.digest.edition.EditionRepository;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link DeliveryRun} tells about itself: progress to its listener (at most twice a second),
 * its rate, a snapshot for {@link DeliveryRunner#active()}, and at the end its report, marking the
 * edition sent when no row is left open.
 */
final class RunProgress {

  // Logged under the runner's name, as before the runner was split.
  private static final Logger log = LoggerFactory.getLogger(DeliveryRunner.class);
  private static final long PROGRESS_EVERY_NANOS = 500_000_000L;

  private final RunState run;
  private final ErrorStreak streak;
  private final DeliveryRepository deliveries;
  private final EditionRepository editions;
  private final RetryPolicy policy;

  RunProgress(
      RunState run,
      ErrorStreak streak,
      DeliveryRepository deliveries,
      EditionRepository editions,
      RetryPolicy policy) {
    this.run = run;
    this.streak = streak;
    this.deliveries = deliveries;
    this.editions = editions;
    this.policy = policy;
  }

  DeliveryProgress snapshot() {
    return new DeliveryProgress(
        run.edition.id(),
        run.sent.get(),
        run.failed.get(),
        rate(),
        run.paused.get(),
        run.probing,
        run.started);
  }

  void progress(boolean force) {
    // Nobody listens (scheduled, admin and worker sends): skip the count it would be given, a
    // GROUP BY over the edition's rows twice a second for the whole send.
    if (run.listener == DeliveryListener.NONE) {
      return;
    }
    long now = System.nanoTime();
    long last = run.lastProgress.get();
    if (!force
        && (now - last < PROGRESS_EVERY_NANOS || !run.lastProgress.compareAndSet(last, now))) {
      return;
    }
    run.listener.onProgress(deliveries.counts(run.edition.id()), rate());
  }

  double rate() {
    double seconds = (System.nanoTime() - run.startedNanos) / 1e9;
    return seconds <= 0 ? 0 : run.sent.get() / seconds;
  }

  /** Why the server stayed paused, for the report; "" when it did not probe. */
  private String pauseReason() {
    String probed = run.gaveUpAfter.isZero() ? "" : " for " + run.gaveUpAfter.toSeconds() + " s";
    if (run.lastErrorPermanent) {
      return ", the server refused every message"
          + probed
          + " (a rejected sender or relay setting? check mail.from and the SMTP account)";
    }
    return probed.isEmpty() ? "" : ", the server did not answer" + probed;
  }

  DeliveryReport finish() {
    streak.settleHeld();
    DeliveryCounts counts = deliveries.counts(run.edition.id());
    if (counts.remaining() == 0 && !run.edition.finished()) {
      editions.markSent(run.edition.id());
    }
    run.listener.onProgress(counts, rate());
    Duration elapsed = Duration.ofNanos(System.nanoTime() - run.startedNanos);
    String message;
    if (run.paused.get()) {
      message =
          String.format(
              Locale.ROOT,
              "delivery of edition %d paused after %d consecutive errors (last: %s)%s;"
                  + " %d messages left: fix the mail server, then run `digest send --resume`"
                  + " (`digest serve` retries by itself)",
              run.edition.id(),
              policy.pauseAfter(),
              run.lastError,
              pauseReason(),
              counts.remaining());
    } else if (counts.remaining() > 0) {
      message =
          String.format(
              Locale.ROOT,
              "delivery of edition %d: %d sent, %d failed here; %d rows still open (claimed by other"
                  + " workers, or left for `digest send --resume`)",
              run.edition.id(),
              run.sent.get(),
              run.failed.get(),
              counts.remaining());
    } else {
      message =
          String.format(
              Locale.ROOT,
              "edition %d delivered: %d sent now, %d sent in all, %d failed, in %d ms",
              run.edition.id(),
              run.sent.get(),
              counts.sent(),
              counts.failed(),
              elapsed.toMillis());
    }
    log.info(
        "delivery done edition_id={} sent={} failed={} paused={} remaining={} elapsed_ms={}"
            + " sent_mark_commits={}",
        run.edition.id(),
        run.sent.get(),
        run.failed.get(),
        run.paused.get(),
        counts.remaining(),
        elapsed.toMillis(),
        run.marks.commits());
    return new DeliveryReport(
        run.edition.id(),
        run.sent.get(),
        run.failed.get(),
        elapsed,
        run.paused.get(),
        message,
        counts);
  }
}
