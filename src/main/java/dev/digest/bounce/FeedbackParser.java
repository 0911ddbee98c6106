package dev.digest.bounce;

import java.util.Objects;

/**
 * Reads one returned message (RFC 5322 bytes) into a {@link Feedback}: a delivery status
 * notification (RFC 3464, and the non-standard bounces of older MTAs), a feedback-loop complaint
 * (RFC 5965 ARF), an auto-reply (RFC 3834), or a mail to the unsubscribe mailto address. Pure: no
 * database, no clock, no token verification (the feedback stage verifies what this extracts).
 *
 * <p>Tokens are read from the subaddress of digest's own addresses: {@code local+TOKEN@domain} of
 * the bounce address (the VERP envelope sender) and {@code local+u-TOKEN@domain} of the
 * unsubscribe mailto, wherever the message names them (envelope headers, To, the returned
 * original's Return-Path or List-Unsubscribe). The token is returned lowercased, whole
 * subaddress included ({@code u-...} for the unsubscribe form).
 */
public final class FeedbackParser {

  /** Messages larger than this are refused unread. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;

  private final String bounceAddress;
  private final String unsubscribeAddress;

  /**
   * @param bounceAddress the bare bounce address ({@code brief@example.org}); VERP forms are
   *     {@code brief+TOKEN@example.org}
   * @param unsubscribeAddress the bare unsubscribe mailto address; its forms are {@code
   *     local+u-TOKEN@domain}
   */
  public FeedbackParser(String bounceAddress, String unsubscribeAddress) {
    this.bounceAddress = Objects.requireNonNull(bounceAddress, "bounceAddress");
    this.unsubscribeAddress = Objects.requireNonNull(unsubscribeAddress, "unsubscribeAddress");
  }

  /** What one message says, or why it cannot be read. Never throws on bad input. */
  public Parse parse(byte[] raw, String source) {
    // Being written on the parser branch (issue 12); the API above is what callers code against.
    throw new UnsupportedOperationException("FeedbackParser.parse: " + bounceAddress
        + unsubscribeAddress + raw.length + source);
  }

  /** The result of {@link #parse}. */
  public sealed interface Parse {
    /** The message was read; {@code feedback.kind()} says what it means. */
    record Read(Feedback feedback) implements Parse {}

    /** The message could not be read (too large, malformed MIME): one line why. */
    record Refused(String reason) implements Parse {}
  }
}
