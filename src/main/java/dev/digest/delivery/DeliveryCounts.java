package dev.digest.delivery;

/** How many delivery rows of an edition are in each state. */
public record DeliveryCounts(int pending, int sending, int sent, int failed) {

  public int total() {
    return pending + sending + sent + failed;
  }

  /** Rows not yet sent or failed. */
  public int remaining() {
    return pending + sending;
  }

  /**
   * These counts with the rows of one status set to {@code n}: how a {@code GROUP BY status} row is
   * read, in one place for every query that groups so. An unknown status is ignored.
   */
  DeliveryCounts with(String status, int n) {
    return switch (status) {
      case DeliveryRepository.PENDING -> new DeliveryCounts(n, sending, sent, failed);
      case DeliveryRepository.SENDING -> new DeliveryCounts(pending, n, sent, failed);
      case DeliveryRepository.SENT -> new DeliveryCounts(pending, sending, n, failed);
      case DeliveryRepository.FAILED -> new DeliveryCounts(pending, sending, sent, n);
      default -> this;
    };
  }
}
