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
}
