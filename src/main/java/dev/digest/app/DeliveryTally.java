package dev.digest.app;

import dev.digest.delivery.DeliveryCounts;

/** An edition's delivery rows by state, for the admin pages and /metrics. */
public record DeliveryTally(int pending, int sending, int sent, int failed) {

  public int total() {
    return pending + sending + sent + failed;
  }

  static DeliveryTally of(DeliveryCounts c) {
    return new DeliveryTally(c.pending(), c.sending(), c.sent(), c.failed());
  }
}
