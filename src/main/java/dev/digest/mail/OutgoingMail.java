package dev.digest.mail;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One message ready to send: multipart/alternative (text, then HTML).
 *
 * @param textBody the plain-text part; {@link #text()} as the recipient reads it
 * @param htmlBody the HTML part; {@link #html()} as the recipient reads it
 * @param messageId without angle brackets, e.g. {@code e12.s345.x@example.org}; stable per
 *     (edition, subscriber) so a resent message carries the same id
 * @param headers extra headers in order (List-Id, List-Unsubscribe, List-Unsubscribe-Post, ...)
 * @param envelopeFrom the SMTP {@code MAIL FROM} (a VERP address, where bounces go); empty for the
 *     From header's address
 */
public record OutgoingMail(
    String from,
    String to,
    String subject,
    MailBody textBody,
    MailBody htmlBody,
    String messageId,
    Instant date,
    Map<String, String> headers,
    String envelopeFrom) {

  public OutgoingMail {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(textBody, "textBody");
    Objects.requireNonNull(htmlBody, "htmlBody");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(date, "date");
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(envelopeFrom, "envelopeFrom");
  }

  /** A message whose envelope sender is the From address. */
  public OutgoingMail(
      String from,
      String to,
      String subject,
      MailBody textBody,
      MailBody htmlBody,
      String messageId,
      Instant date,
      Map<String, String> headers) {
    this(from, to, subject, textBody, htmlBody, messageId, date, headers, "");
  }

  /** The same message with {@code address} as its SMTP envelope sender. */
  public OutgoingMail withEnvelopeFrom(String address) {
    return new OutgoingMail(
        from, to, subject, textBody, htmlBody, messageId, date, headers, address);
  }

  /** A message whose bodies are given in full. */
  public OutgoingMail(
      String from,
      String to,
      String subject,
      String text,
      String html,
      String messageId,
      Instant date,
      Map<String, String> headers) {
    this(from, to, subject, MailBody.of(text), MailBody.of(html), messageId, date, headers, "");
  }

  /** The plain-text body as the recipient reads it. */
  public String text() {
    return textBody.content();
  }

  /** The HTML body as the recipient reads it. */
  public String html() {
    return htmlBody.content();
  }
}
