package dev.digest.delivery;

/**
 * One claimed {@code delivery} row: who gets the edition, with which Message-ID.
 *
 * @param attempts send attempts so far, including the one this claim starts
 */
public record DeliveryRow(
    long editionId, long subscriberId, String email, String messageId, int attempts) {}
