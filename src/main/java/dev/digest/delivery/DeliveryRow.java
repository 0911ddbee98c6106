package dev.digest.delivery;

/**
 * One claimed {@code delivery} row: who gets the edition, with which Message-ID.
 *
 * @param attempts send attempts so far, including the one this claim starts
 * @param variant which body the row sends: 0 the edition's, else one without the topics the reader
 *     left out ({@code edition_variant})
 */
public record DeliveryRow(
    long editionId, long subscriberId, String email, String messageId, int attempts, int variant) {

  /** A row that sends the edition's own body. */
  public DeliveryRow(
      long editionId, long subscriberId, String email, String messageId, int attempts) {
    this(editionId, subscriberId, email, messageId, attempts, 0);
  }
}
