package dev.digest.delivery;

/**
 * Delivers a stored edition to its frozen audience: claims {@code delivery} rows in batches, marks
 * them {@code sending}, hands each message to the mailer, marks it {@code sent}. Resumable: rows
 * left {@code pending} or stale {@code sending} are sent again with the same Message-ID.
 */
public final class DeliveryRunner {
  private DeliveryRunner() {
    throw new UnsupportedOperationException("delivery helper implements this");
  }
}
