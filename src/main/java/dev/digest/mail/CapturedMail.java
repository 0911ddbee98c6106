package dev.digest.mail;

import java.time.Instant;

/** A message the dev SMTP server received, decoded for the outbox pages. */
public record CapturedMail(
    int id,
    String from,
    String to,
    String subject,
    Instant received,
    String text,
    String html,
    byte[] raw) {}
