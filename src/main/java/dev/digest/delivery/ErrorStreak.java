package dev.digest.delivery;

import dev.digest.subscribe.SubscriberRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consecutive errors of one {@link DeliveryRun}, across its workers: counts them, pauses the
 * run when there are {@link RetryPolicy#pauseAfter()} of them, and then gives back the rows that
 * failed during the streak; holds rows refused with a 5xx until a later success shows the address
 * (not the server) is at fault. Thread-safe: every compound action is guarded by this object's
 * lock, the one lock of the streak's state.
 */
final class ErrorStreak {

  // Logged under the runner's name, as before the runner was split.
  private static final Logger log = LoggerFactory.getLogger(DeliveryRunner.class);

  /**
   * A row refused with a 5xx, held until it is clear whether the address or the server is at fault.
   */
  record Held(long ticket, String error) {}

  private final RunState run;
  private final DeliveryRepository deliveries;
  private final SubscriberRepository subscribers;
  private final RetryPolicy policy;

  // Consecutive failed attempts across workers, ordered by when each attempt started (a
  // ticket), and the rows that ran out of retries meanwhile: if the streak ends in a pause,
  // those were casualties of an outage, not bad addresses. Ordering by start, not by when the
  // outcome is recorded, keeps a slow success from wiping out errors that came after it.
  private final AtomicLong tickets = new AtomicLong();
  private long lastSuccessTicket = -1;
  private final java.util.TreeSet<Long> streakErrors = new java.util.TreeSet<>();
  private final Map<DeliveryRow, Long> streakFailures = new LinkedHashMap<>();
  // Rows refused with a 5xx that no later message has yet shown to be about the address: see
  // holdPermanent. Failed (and counted as a bounce) once a message whose attempt started later
  // goes through, or when the run ends without a pause; back to pending if the streak pauses.
  private final Map<DeliveryRow, Held> heldPermanent = new LinkedHashMap<>();

  ErrorStreak(
      RunState run,
      DeliveryRepository deliveries,
      SubscriberRepository subscribers,
      RetryPolicy policy) {
    this.run = run;
    this.deliveries = deliveries;
    this.subscribers = subscribers;
    this.policy = policy;
  }

  /** The ticket of an attempt that starts now: attempts are ordered by when they start. */
  long nextTicket() {
    return tickets.incrementAndGet();
  }

  /** True when a message whose attempt started after {@code ticket} went through. */
  synchronized boolean serverWorkedSince(long ticket) {
    return lastSuccessTicket > ticket;
  }

  /**
   * A message went through: errors of attempts that started before it are not consecutive, and 5xx
   * replies to those attempts were about their addresses. Returns the held rows that this confirms
   * as failed (the caller writes them, outside the lock).
   */
  synchronized List<Map.Entry<DeliveryRow, Held>> success(long ticket) {
    lastSuccessTicket = Math.max(lastSuccessTicket, ticket);
    streakErrors.headSet(ticket).clear();
    streakFailures.values().removeIf(t -> t < ticket);
    List<Map.Entry<DeliveryRow, Held>> confirmed = new ArrayList<>();
    if (!heldPermanent.isEmpty()) {
      heldPermanent
          .entrySet()
          .removeIf(
              e ->
                  e.getValue().ticket() < ticket
                      && confirmed.add(Map.entry(e.getKey(), e.getValue())));
    }
    return confirmed;
  }

  /**
   * A row that ran out of retries was marked failed: remembered as a casualty of the streak, unless
   * a later attempt already went through.
   */
  synchronized void failedDuringStreak(DeliveryRow row, long ticket) {
    if (ticket > lastSuccessTicket) {
      streakFailures.put(row, ticket);
    }
  }

  /**
   * The rule for permanent (5xx) replies: one address refused while others go through is that
   * address's problem, so the row fails and the subscriber's bounce count goes up. But a server
   * that refuses everything (the sender address rejected, a relay that does not accept us, a full
   * disk answered with 5xx) is a server-wide condition, not a list of bad addresses. So a refused
   * row is held (it stays {@code sending}) until a message whose attempt started after its own is
   * accepted: then it fails and bounces. If instead the refusals add up to a pause ({@link
   * RetryPolicy#pauseAfter()} consecutive errors with nothing accepted), every held row goes back
   * to {@code pending} with no bounce counted. A run that ends without a pause fails what is still
   * held (fewer refusals than a pause, e.g. a last address that is bad).
   */
  void holdPermanent(DeliveryRow row, long ticket, String error) {
    boolean proven;
    synchronized (this) {
      proven = serverWorkedSince(ticket);
      if (!proven) {
        heldPermanent.put(row, new Held(ticket, error));
      }
    }
    if (proven) {
      failPermanently(row, error);
    }
  }

  void confirm(List<Map.Entry<DeliveryRow, Held>> rows) {
    for (Map.Entry<DeliveryRow, Held> e : rows) {
      failPermanently(e.getKey(), e.getValue().error());
    }
  }

  void failPermanently(DeliveryRow row, String error) {
    // The refusal counts against the address either way; a row suppressed meanwhile stays so.
    subscribers.recordPermanentFailure(row.subscriberId());
    if (!deliveries.markFailed(row, true, error)) {
      return;
    }
    run.failed.incrementAndGet();
  }

  /** Held rows at the end of the run: failed after a normal end, pending otherwise. */
  void settleHeld() {
    List<Map.Entry<DeliveryRow, Held>> rows;
    synchronized (this) {
      rows = new ArrayList<>(heldPermanent.entrySet());
      heldPermanent.clear();
    }
    if (run.paused.get() || run.stop.get()) {
      for (Map.Entry<DeliveryRow, Held> e : rows) {
        deliveries.release(e.getKey(), e.getValue().error());
      }
    } else {
      confirm(rows);
    }
  }

  /** Counts an error; true when it is the one that pauses the delivery. */
  synchronized boolean error(long ticket, DeliveryRow transientRow) {
    if (ticket < lastSuccessTicket || run.paused.get()) {
      // Older than a later success: not part of the current streak.
      return false;
    }
    streakErrors.add(ticket);
    if (streakErrors.size() < policy.pauseAfter()) {
      return false;
    }
    run.paused.set(true);
    // Rows that ran out of retries during this streak failed because of the outage, and rows
    // refused with a 5xx during it were refused by a server that refuses everything.
    for (DeliveryRow r : streakFailures.keySet()) {
      deliveries.release(r, run.lastError);
      run.failed.decrementAndGet();
    }
    streakFailures.clear();
    for (Map.Entry<DeliveryRow, Held> e : heldPermanent.entrySet()) {
      deliveries.release(e.getKey(), e.getValue().error());
    }
    heldPermanent.clear();
    log.warn(
        "delivery paused edition_id={} consecutive_errors={} last_error={}",
        run.edition.id(),
        streakErrors.size(),
        run.lastError);
    return transientRow != null;
  }

  synchronized void resetStreak() {
    lastSuccessTicket = tickets.get();
    streakErrors.clear();
    streakFailures.clear();
  }
}
