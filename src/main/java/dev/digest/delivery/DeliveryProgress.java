package dev.digest.delivery;

import java.time.Instant;

/**
 * A delivery running in this process, as the web admin and metrics show it.
 *
 * @param sent messages this run handed to the mail server so far
 * @param failed rows this run marked failed so far
 * @param ratePerSecond messages sent per second since the run started
 * @param paused too many consecutive errors: the workers are stopped
 * @param probing paused, and probing the mail server before carrying on
 */
public record DeliveryProgress(
    long editionId,
    int sent,
    int failed,
    double ratePerSecond,
    boolean paused,
    boolean probing,
    Instant started) {}
