package dev.digest.delivery;

/** Progress of a delivery for a progress bar, log lines, the web admin or metrics. */
@FunctionalInterface
public interface DeliveryListener {

  /** Does nothing; a runner given this one skips the row counts it would be passed. */
  DeliveryListener NONE = (counts, rate) -> {};

  /**
   * Called from worker threads, at most a few times per second, and once at the end.
   *
   * @param counts the edition's rows by state (all nodes)
   * @param ratePerSecond messages this runner sent per second since it started
   */
  void onProgress(DeliveryCounts counts, double ratePerSecond);
}
