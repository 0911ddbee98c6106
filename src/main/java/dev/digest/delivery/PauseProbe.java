package dev.digest.delivery;

import dev.digest.mail.MailException;
import dev.digest.mail.Mailer;
import dev.digest.mail.OutgoingMail;
import dev.digest.subscribe.SubscriberRepository;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A paused {@link DeliveryRun}'s way back: probes the mail server with one real message at a time,
 * waiting longer between probes, until it accepts one (the run resumes with a fresh error streak)
 * or {@link RetryPolicy#resumeWithin()} has passed.
 */
final class PauseProbe {

  // Logged under the runner's name, as before the runner was split.
  private static final Logger log = LoggerFactory.getLogger(DeliveryRunner.class);

  private final RunState run;
  private final ErrorStreak streak;
  private final DeliveryRepository deliveries;
  private final SubscriberRepository subscribers;
  private final Mailer mailer;
  private final RetryPolicy policy;
  private final String nodeId;

  PauseProbe(
      RunState run,
      ErrorStreak streak,
      DeliveryRepository deliveries,
      SubscriberRepository subscribers,
      Mailer mailer,
      RetryPolicy policy,
      String nodeId) {
    this.run = run;
    this.streak = streak;
    this.deliveries = deliveries;
    this.subscribers = subscribers;
    this.mailer = mailer;
    this.policy = policy;
    this.nodeId = nodeId;
  }

  /**
   * Paused: probes the server with one message at a time until it answers (true: carry on) or
   * {@code resumeWithin} has passed or the run is stopped (false: return paused).
   */
  boolean recover() {
    Duration within = policy.resumeWithin();
    if (within.isZero()) {
      return false;
    }
    long deadline = System.nanoTime() + within.toNanos();
    run.probing = true;
    try {
      log.warn(
          "delivery paused edition_id={} probing the mail server for up to {} s last_error={}",
          run.edition.id(),
          within.toSeconds(),
          run.lastError);
      for (int n = 1; ; n++) {
        Duration wait = policy.backoff(n, ThreadLocalRandom.current().nextDouble());
        if (System.nanoTime() + wait.toNanos() - deadline > 0) {
          log.warn(
              "delivery stays paused edition_id={} probed_for_s={} last_error={}",
              run.edition.id(),
              within.toSeconds(),
              run.lastError);
          run.gaveUpAfter = within;
          return false;
        }
        if (!run.sleepUnlessStopped(wait)) {
          return false;
        }
        Boolean up = probe();
        if (up == null || up) {
          streak.resetStreak();
          run.paused.set(false);
          log.info(
              "delivery resumed edition_id={} after_probes={} server_up={}",
              run.edition.id(),
              n,
              up != null);
          return true;
        }
      }
    } finally {
      run.probing = false;
    }
  }

  /**
   * One message as a probe: true when the server accepted it, false when not, null when no row is
   * left. A 5xx does not count as the server being back: a server that refuses everyone answers
   * every probe that way. The refused row goes back to {@code pending} without a bounce, and the
   * next probe takes the next row (a bad address cannot keep the delivery paused).
   */
  private Boolean probe() {
    long after = run.probeCursor.get();
    List<DeliveryRow> rows =
        deliveries.claim(run.edition.id(), 1, nodeId + "-probe", run.staleBefore(), after);
    if (rows.isEmpty() && after != Long.MIN_VALUE) {
      rows = deliveries.claim(run.edition.id(), 1, nodeId + "-probe", run.staleBefore());
    }
    if (rows.isEmpty()) {
      return null;
    }
    DeliveryRow row = rows.get(0);
    run.probeCursor.set(row.subscriberId());
    OutgoingMail message = run.message(row);
    try {
      mailer.send(message);
    } catch (MailException e) {
      run.lastError = e.getMessage() == null ? "unknown error" : e.getMessage();
      run.lastErrorPermanent = e.permanent();
      deliveries.release(row, run.lastError);
      log.info(
          "probe failed edition_id={} permanent={} error={}",
          run.edition.id(),
          e.permanent(),
          run.lastError);
      return false;
    } catch (RuntimeException e) {
      run.lastError = e.toString();
      run.lastErrorPermanent = false;
      deliveries.release(row, run.lastError);
      log.info("probe failed edition_id={} error={}", run.edition.id(), run.lastError);
      return false;
    }
    deliveries.markSent(row);
    if (run.bouncing.contains(row.subscriberId())) {
      subscribers.recordSuccess(row.subscriberId());
    }
    run.sent.incrementAndGet();
    return true;
  }
}
