package dev.digest.delivery;

import java.time.Duration;

/**
 * What one {@link DeliveryRunner#deliver} call did.
 *
 * @param sent messages this call handed to the mail server
 * @param failed rows this call marked failed
 * @param paused true when the delivery stopped after too many consecutive errors
 * @param message a one-line summary, with the reason and what to do when paused
 * @param counts the edition's rows by state at the end (all nodes)
 */
public record DeliveryReport(
    long editionId,
    int sent,
    int failed,
    Duration elapsed,
    boolean paused,
    String message,
    DeliveryCounts counts) {

  /** True when no row of the edition is left to send. */
  public boolean complete() {
    return counts.remaining() == 0;
  }
}
