package dev.digest.bounce;

import java.util.Objects;
import java.util.Optional;

/**
 * What one message that came back after a send says, before it is matched to a delivery: a delivery
 * status notification, a feedback-loop complaint, a mail to the unsubscribe address, an auto-reply,
 * or one event of a relay's webhook. Pure data: parsing produces it, the feedback stage matches it
 * to (edition, subscriber) and applies it.
 *
 * <p>Identity comes from {@code token} (the VERP or unsubscribe-mailto token digest put into the
 * address) or from {@code originalMessageId} (the Message-ID digest recorded for the delivery),
 * never from {@code recipient} alone: a Final-Recipient is written by whoever sent the report.
 *
 * @param kind what happened
 * @param token the token of the address the message was sent to, when there is one
 * @param originalMessageId the Message-ID of the mail digest sent, without angle brackets
 * @param recipient the address the report names (informational only)
 * @param statusCode the enhanced status code (RFC 3463, e.g. {@code 5.1.1}), or empty
 * @param diagnostic one line of what the remote side said, or empty
 * @param source where it came from: {@code file}, {@code stdin}, {@code imap}, {@code dev-smtp},
 *     {@code ses}, {@code postmark}, {@code mailgun}, {@code sendgrid}
 */
public record Feedback(
    Kind kind,
    Optional<String> token,
    Optional<String> originalMessageId,
    Optional<String> recipient,
    String statusCode,
    String diagnostic,
    String source) {

  /** What a returned message means for the subscriber. */
  public enum Kind {
    /** Permanent failure (5.x.x, Action: failed): never mail the address again. */
    HARD_BOUNCE,
    /** Transient failure (4.x.x, Action: delayed): counts toward suppression. */
    SOFT_BOUNCE,
    /** An abuse report (RFC 5965 ARF, a provider's complaint event). */
    COMPLAINT,
    /** A mail to the List-Unsubscribe mailto address. */
    UNSUBSCRIBE,
    /** Vacation replies (RFC 3834 Auto-Submitted), challenge-response: changes nothing. */
    AUTO_REPLY,
    /** Anything else: read, understood as nothing to do. */
    IGNORED
  }

  public Feedback {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(originalMessageId, "originalMessageId");
    Objects.requireNonNull(recipient, "recipient");
    statusCode = statusCode == null ? "" : statusCode;
    diagnostic = diagnostic == null ? "" : diagnostic;
    Objects.requireNonNull(source, "source");
  }
}
