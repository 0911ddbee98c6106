package dev.digest.delivery;

import dev.digest.mail.MailException;
import dev.digest.mail.Mailer;
import dev.digest.mail.OutgoingMail;
import dev.digest.subscribe.SubscriberRepository;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each worker thread of a {@link DeliveryRun} does: claims batches of rows, passes by the ones
 * suppressed meanwhile, sends each message with retries and backoff, and reports successes and
 * errors to the run's {@link ErrorStreak}.
 */
final class ClaimLoop {

  // Logged under the runner's name, as before the runner was split.
  private static final Logger log = LoggerFactory.getLogger(DeliveryRunner.class);

  // How stale a worker's view of its claimed rows' suppression may get: a query per batch range
  // at most this often (a few a second at 1,000 msg/s), so a bounce processed mid-batch counts.
  static final long SUPPRESSION_CHECK_NANOS = 50_000_000L;

  /** One worker's state: the number of its last queued sent mark (0: none). */
  private static final class Worker {
    long lastMark;
  }

  private final RunState run;
  private final ErrorStreak streak;
  private final RunProgress progress;
  private final DeliveryRepository deliveries;
  private final SubscriberRepository subscribers;
  private final Mailer mailer;
  private final RetryPolicy policy;

  ClaimLoop(
      RunState run,
      ErrorStreak streak,
      RunProgress progress,
      DeliveryRepository deliveries,
      SubscriberRepository subscribers,
      Mailer mailer,
      RetryPolicy policy) {
    this.run = run;
    this.streak = streak;
    this.progress = progress;
    this.deliveries = deliveries;
    this.subscribers = subscribers;
    this.mailer = mailer;
    this.policy = policy;
  }

  void work(String worker) {
    Worker self = new Worker();
    try {
      work(worker, self);
    } catch (RuntimeException | Error e) {
      try {
        run.marks.awaitCommitted(self.lastMark);
      } catch (RuntimeException m) {
        if (m != e) {
          e.addSuppressed(m);
        }
      }
      throw e;
    }
    // The last message's mark, before this worker counts as done.
    run.marks.awaitCommitted(self.lastMark);
  }

  private void work(String worker, Worker self) {
    while (!run.halted()) {
      // From the cursor first (cheap); from the start only when nothing is left above it, to
      // pick up rows given back, stale ones, and rows below the cursor another worker skipped.
      List<DeliveryRow> rows =
          deliveries.claim(
              run.edition.id(), policy.batchSize(), worker, run.staleBefore(), run.cursor.get());
      if (rows.isEmpty() && run.cursor.get() != Long.MIN_VALUE) {
        rows = deliveries.claim(run.edition.id(), policy.batchSize(), worker, run.staleBefore());
      }
      if (rows.isEmpty()) {
        return;
      }
      long highest = rows.get(rows.size() - 1).subscriberId();
      run.cursor.accumulateAndGet(highest, Math::max);
      long checked = System.nanoTime();
      Set<Long> suppressed = Set.of();
      for (int i = 0; i < rows.size(); i++) {
        DeliveryRow row = rows.get(i);
        if (run.halted()) {
          for (int j = i; j < rows.size(); j++) {
            deliveries.release(rows.get(j), null);
          }
          break;
        }
        // A bounce or complaint processed while this batch is in hand suppresses its row in
        // the database; look again every SUPPRESSION_CHECK so such a row is passed by.
        if (System.nanoTime() - checked > SUPPRESSION_CHECK_NANOS) {
          suppressed = deliveries.suppressedAmong(rows.subList(i, rows.size()));
          checked = System.nanoTime();
        }
        if (suppressed.contains(row.subscriberId())) {
          log.info(
              "row passed by edition_id={} subscriber_id={}: suppressed meanwhile",
              row.editionId(),
              row.subscriberId());
          continue;
        }
        send(row, self);
        progress.progress(false);
      }
    }
  }

  private void send(DeliveryRow row, Worker self) {
    OutgoingMail message = run.message(row);
    // A row given back for lack of proof that the server works: its last attempt of then.
    long givenBackAt = run.outageSuspects.getOrDefault(row.subscriberId(), -1L);
    for (int attempt = 1; ; attempt++) {
      String error;
      boolean permanent;
      boolean answered = false;
      long ticket = streak.nextTicket();
      // This message is handed over only once the worker's previous one is recorded sent.
      RuntimeException[] markFailure = new RuntimeException[1];
      long previous = self.lastMark;
      Runnable beforeHandOff =
          () -> {
            try {
              run.marks.awaitCommitted(previous);
            } catch (RuntimeException e) {
              markFailure[0] = e;
              throw e;
            }
          };
      try {
        mailer.send(message, beforeHandOff);
        error = null;
        permanent = false;
      } catch (MailException e) {
        error = e.getMessage() == null ? "unknown error" : e.getMessage();
        permanent = e.permanent();
        answered = e.serverAnswered();
      } catch (RuntimeException e) {
        // Not a classified mail failure (a bug in a mailer, an I/O surprise): retry it.
        error = e.toString();
        permanent = false;
      }
      if (markFailure[0] != null) {
        // The database did not take the previous mark: stop like a failed mark (this message
        // was not handed over; both rows stay 'sending' for a resume).
        throw markFailure[0];
      }
      if (error == null) {
        // Queued, committed with other workers' marks before this worker hands over its next
        // message (or stops). A database failure then stops the run; the row stays 'sending'
        // and a resume re-sends it with the same Message-ID.
        self.lastMark = run.marks.enqueue(row);
        // Only subscribers with a run of bounces need their count reset: saves a write each.
        if (run.bouncing.contains(row.subscriberId())) {
          subscribers.recordSuccess(row.subscriberId());
        }
        run.sent.incrementAndGet();
        streak.confirm(streak.success(ticket));
        return;
      }
      run.lastError = error;
      run.lastErrorPermanent = permanent;
      log.warn(
          "send failed edition_id={} subscriber_id={} attempt={} permanent={} error={}",
          row.editionId(),
          row.subscriberId(),
          attempt,
          permanent,
          run.lastError);
      if (permanent) {
        streak.holdPermanent(row, ticket, run.lastError);
        streak.error(ticket, null);
        return;
      }
      if (streak.error(ticket, row) || run.halted()) {
        // This error paused the delivery, or another did: the row goes back for the resume.
        deliveries.release(row, run.lastError);
        return;
      }
      if (attempt >= policy.maxAttempts()) {
        // A transient error fails a row only on proof that the server worked for others while
        // this row kept failing: a message whose attempt started after this row's last failed
        // one (or, for a row given back before, after the last attempt of its previous round)
        // went through. A success after an earlier attempt proves nothing: a row that starts
        // just before an outage sees others' messages go through, then meets the outage with
        // every later attempt. A row given back is retried after the others (one worker sends
        // them between its rounds), so a bad address still fails in its second round.
        // A server that answered this last attempt with a refusal of its own (452 mailbox full)
        // is up: that is proof enough, and the row fails even when nothing else is left to send.
        if (!answered && !streak.serverWorkedSince(givenBackAt >= 0 ? givenBackAt : ticket)) {
          // No such proof: the server may be away. Back to pending; the streak pauses the run
          // if the server stays away, and a lone row left failing ends in that pause too.
          run.outageSuspects.put(row.subscriberId(), ticket);
          deliveries.release(row, run.lastError);
          return;
        }
        run.outageSuspects.remove(row.subscriberId());
        if (!deliveries.markFailed(row, false, run.lastError)) {
          return; // suppressed meanwhile: it stays so, and is no failure of this run
        }
        run.failed.incrementAndGet();
        streak.failedDuringStreak(row, ticket);
        return;
      }
      if (!deliveries.recordAttempt(row, run.lastError)) {
        // Suppressed while it waited to be retried: its subscriber bounced or complained.
        log.info(
            "retry dropped edition_id={} subscriber_id={}: suppressed meanwhile",
            row.editionId(),
            row.subscriberId());
        return;
      }
      if (!run.sleep(policy.backoff(attempt, ThreadLocalRandom.current().nextDouble()))
          || run.halted()) {
        deliveries.release(row, run.lastError);
        return;
      }
    }
  }
}
