package dev.digest.bounce;

import dev.digest.bounce.Feedback.Kind;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads one returned message (RFC 5322 bytes) into a {@link Feedback}: a delivery status
 * notification (RFC 3464, and the non-standard bounces of older MTAs), a feedback-loop complaint
 * (RFC 5965 ARF), an auto-reply (RFC 3834), or a mail to the unsubscribe mailto address. Pure: no
 * database, no clock, no token verification (the feedback stage verifies what this extracts).
 *
 * <p>Tokens are read from the subaddress of digest's own addresses: {@code local+TOKEN@domain} of
 * the bounce address (the VERP envelope sender) and {@code local+u-TOKEN@domain} of the unsubscribe
 * mailto, wherever the message names them (envelope headers, To, the returned original's
 * Return-Path or List-Unsubscribe). The token is returned lowercased, whole subaddress included
 * ({@code u-...} for the unsubscribe form).
 *
 * <p>A message is classified in this order, so that the most specific reading wins: a standard
 * report (DSN, ARF; these often carry {@code Auto-Submitted} too), a pre-ARF Microsoft complaint, a
 * bounce written for people, a challenge-response request, an auto-reply, a mail to the unsubscribe
 * form; anything else is {@link Kind#IGNORED}. Thread-safe: an instance holds only immutable state.
 */
public final class FeedbackParser {

  /** Messages larger than this are refused unread. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;

  /** Where digest's own address may appear as the recipient, the envelope's first. */
  private static final List<String> RECIPIENT_HEADERS =
      List.of("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To", "Cc");

  private static final int MAX_DIAGNOSTIC = 300;

  private final String bounceAddress;
  private final String unsubscribeAddress;
  private final TokenFinder tokens;
  private final Session session;

  /**
   * @param bounceAddress the bare bounce address ({@code brief@example.org}); VERP forms are {@code
   *     brief+TOKEN@example.org}
   * @param unsubscribeAddress the bare unsubscribe mailto address; its forms are {@code
   *     local+u-TOKEN@domain}
   */
  public FeedbackParser(String bounceAddress, String unsubscribeAddress) {
    this.bounceAddress = Objects.requireNonNull(bounceAddress, "bounceAddress");
    this.unsubscribeAddress = Objects.requireNonNull(unsubscribeAddress, "unsubscribeAddress");
    this.tokens = new TokenFinder(bounceAddress, unsubscribeAddress);
    Properties strict = new Properties();
    // Documented switches; StrictMultipart enforces the multipart ones whatever the JVM sets.
    strict.setProperty("mail.mime.multipart.ignoremissingendboundary", "false");
    strict.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "false");
    strict.setProperty("mail.mime.multipart.allowempty", "false");
    strict.setProperty("mail.mime.allowutf8", "true");
    this.session = Session.getInstance(strict);
  }

  /** What one message says, or why it cannot be read. Never throws on bad input. */
  public Parse parse(byte[] raw, String source) {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(source, "source");
    if (raw.length > MAX_BYTES) {
      return refused(
          "message of " + raw.length + " bytes is larger than the limit of " + MAX_BYTES);
    }
    if (raw.length == 0) {
      return refused("empty message");
    }
    HeaderSection.Check check = HeaderSection.check(raw);
    if (check instanceof HeaderSection.Check.Bad bad) {
      return refused("not a mail message: " + bad.reason());
    }
    int start = ((HeaderSection.Check.Ok) check).start();
    try {
      MimeMessage message =
          new MimeMessage(session, new SharedByteArrayInputStream(raw, start, raw.length - start));
      return new Parse.Read(read(message, MessageParts.of(message), source));
    } catch (MessagingException | IOException e) {
      return refused("malformed MIME: " + reason(e));
    } catch (RuntimeException e) {
      // Jakarta Mail has thrown unchecked exceptions on hostile input; this parser never does.
      return refused("unreadable message: " + reason(e));
    }
  }

  private Feedback read(MimeMessage m, MessageParts parts, String source)
      throws MessagingException {
    Optional<String> envelopeToken = recipientToken(m);
    if (parts.reportType.equals("delivery-status") || parts.deliveryStatus != null) {
      return deliveryStatus(m, parts, envelopeToken, source);
    }
    if (parts.reportType.equals("feedback-report") || parts.feedbackReport != null) {
      return feedbackReport(m, parts, envelopeToken, source);
    }
    String subject = subject(m);
    Optional<String> messageId = originalMessageId(m, parts, false);
    if (parts.reportType.equals("disposition-notification")) {
      // RFC 8098 read receipts: sent by software on the reader's behalf.
      return feedback(Kind.AUTO_REPLY, envelopeToken, messageId, "", "", "", source);
    }
    if (parts.original != null && isLegacyMicrosoftComplaint(parts.original, subject)) {
      Optional<String> token = envelopeToken.or(() -> originalToken(parts.original));
      String rcpt = bare(header(parts.original, "X-HmXmrOriginalRecipient"));
      return feedback(Kind.COMPLAINT, token, messageId, rcpt, "", "abuse (Microsoft JMRP)", source);
    }
    if (AutomaticMail.isBounce(m, subject)) {
      return textBounce(m, parts, envelopeToken, source);
    }
    if (AutomaticMail.isChallenge(m, subject, parts.texts)
        || AutomaticMail.isAutoReply(m, subject)) {
      return feedback(Kind.AUTO_REPLY, envelopeToken, messageId, "", "", "", source);
    }
    if (envelopeToken.isPresent() && TokenFinder.isUnsubscribe(envelopeToken.get())) {
      String from = bare(AutomaticMail.header(m, "From"));
      return feedback(Kind.UNSUBSCRIBE, envelopeToken, messageId, from, "", "", source);
    }
    return feedback(Kind.IGNORED, envelopeToken, messageId, "", "", "", source);
  }

  /** RFC 3464: the most severe per-recipient block decides; the original identifies. */
  private Feedback deliveryStatus(
      MimeMessage m, MessageParts parts, Optional<String> envelopeToken, String source)
      throws MessagingException {
    List<Map<String, String>> blocks = List.of();
    if (parts.deliveryStatus != null) {
      blocks = FieldBlocks.parse(parts.deliveryStatus);
    }
    if (!hasRecipient(blocks)) {
      // Some MTAs send the fields as a text/plain part of the report.
      for (String text : parts.reportTexts) {
        List<Map<String, String>> candidate = FieldBlocks.parse(text);
        if (hasRecipient(candidate)) {
          blocks = candidate;
          break;
        }
      }
    }
    Optional<String> token = envelopeToken;
    for (Map<String, String> block : blocks) {
      if (token.isEmpty() && block.containsKey("x-postfix-sender")) {
        token = tokens.find(block.get("x-postfix-sender"));
      }
    }
    if (token.isEmpty() && parts.original != null) {
      token = originalToken(parts.original);
    }
    Optional<String> messageId = originalMessageId(m, parts, true);

    Map<String, String> worst = null;
    int worstSeverity = -1;
    for (Map<String, String> block : blocks) {
      if (!isRecipientBlock(block)) {
        continue;
      }
      int severity = severity(block);
      if (severity > worstSeverity) {
        worst = block;
        worstSeverity = severity;
      }
    }
    if (worst == null) {
      // A report without readable recipient fields: read it as the people's text says.
      Feedback fromText = textBounce(m, parts, token, source);
      return feedback(
          fromText.kind(),
          token,
          messageId,
          "",
          fromText.statusCode(),
          fromText.diagnostic(),
          source);
    }
    String diagnostic = withoutType(worst.getOrDefault("diagnostic-code", ""));
    String status = StatusCodes.enhanced(worst.getOrDefault("status", ""));
    if (status == null) {
      status = StatusCodes.enhanced(diagnostic);
    }
    String recipient = worst.getOrDefault("final-recipient", "");
    if (recipient.isBlank()) {
      recipient = worst.getOrDefault("original-recipient", "");
    }
    Kind kind =
        switch (worstSeverity) {
          case 3 -> Kind.HARD_BOUNCE;
          case 2 -> Kind.SOFT_BOUNCE;
          default -> Kind.IGNORED;
        };
    return feedback(
        kind, token, messageId, bare(withoutType(recipient)), status, diagnostic, source);
  }

  /**
   * 3 for 5.x.x (or failed without a status), 2 for delayed or 4.x.x, 1 for anything else. The
   * status decides over the action: "failed" with 4.x.x is a relay that gave up retrying after days
   * of a transient error (Postfix's queue lifetime expired on a server that did not answer), which
   * says the address may well be alive: counted as soft, so a server down for a week does not lose
   * a reader at once, while three in a row still do.
   */
  private static int severity(Map<String, String> block) {
    String action = AutomaticMail.lower(block.getOrDefault("action", ""));
    String status = StatusCodes.enhanced(block.getOrDefault("status", ""));
    char statusClass = status == null ? '0' : status.charAt(0);
    if (action.startsWith("delayed") || statusClass == '4') {
      return 2;
    }
    if (action.startsWith("failed") || statusClass == '5') {
      return 3;
    }
    return 1;
  }

  private static boolean hasRecipient(List<Map<String, String>> blocks) {
    for (Map<String, String> block : blocks) {
      if (isRecipientBlock(block)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRecipientBlock(Map<String, String> block) {
    return block.containsKey("action")
        || block.containsKey("status")
        || block.containsKey("final-recipient");
  }

  /** RFC 5965: Feedback-Type says whether a person called it abuse. */
  private Feedback feedbackReport(
      MimeMessage m, MessageParts parts, Optional<String> envelopeToken, String source)
      throws MessagingException {
    Map<String, String> fields = Map.of();
    if (parts.feedbackReport != null) {
      List<Map<String, String>> blocks = FieldBlocks.parse(parts.feedbackReport);
      fields = blocks.isEmpty() ? Map.of() : blocks.get(0);
    }
    Optional<String> token = envelopeToken;
    if (token.isEmpty()) {
      token = tokens.find(fields.get("original-mail-from"));
    }
    if (token.isEmpty() && parts.original != null) {
      token = originalToken(parts.original);
    }
    String type = firstWord(AutomaticMail.lower(fields.getOrDefault("feedback-type", "")));
    Kind kind =
        switch (type) {
          // A report that names no type is still a report from a feedback loop: a complaint.
          case "abuse", "fraud", "virus", "other", "" -> Kind.COMPLAINT;
          default -> Kind.IGNORED; // not-spam, auth-failure: nothing a reader asked for
        };
    String recipient = fields.getOrDefault("original-rcpt-to", "");
    if (recipient.isBlank()) {
      recipient = fields.getOrDefault("removal-recipient", "");
    }
    if (recipient.isBlank() && parts.original != null) {
      recipient = header(parts.original, "X-HmXmrOriginalRecipient");
    }
    String agent = fields.getOrDefault("user-agent", "");
    String diagnostic =
        (type.isEmpty() ? "feedback report without Feedback-Type" : type)
            + (agent.isBlank() ? "" : " (" + agent + ")");
    return feedback(
        kind, token, originalMessageId(m, parts, true), bare(recipient), "", diagnostic, source);
  }

  /** A bounce written for people: the most severe status code of its text, or nothing. */
  private Feedback textBounce(
      MimeMessage m, MessageParts parts, Optional<String> envelopeToken, String source)
      throws MessagingException {
    String text = joined(parts.texts, parts.reportTexts);
    StatusCodes.Found found = StatusCodes.mostSevereFailure(beforeReturnedCopy(text));
    Optional<String> token = envelopeToken;
    if (token.isEmpty() && parts.original != null) {
      token = originalToken(parts.original);
    }
    if (token.isEmpty()) {
      token = tokens.find(text); // a quoted Return-Path or List-Unsubscribe
    }
    Optional<String> messageId = originalMessageId(m, parts, true);
    String recipient = firstAddress(AutomaticMail.header(m, "X-Failed-Recipients"));
    if (found == null) {
      return feedback(Kind.IGNORED, token, messageId, recipient, "", "", source);
    }
    Kind kind = found.severity() == 5 ? Kind.HARD_BOUNCE : Kind.SOFT_BOUNCE;
    return feedback(kind, token, messageId, recipient, found.code(), found.line(), source);
  }

  /**
   * The part of a bounce's text before the copy of the returned message: the copy is the newsletter
   * itself, whose text may quote any status code.
   */
  private static String beforeReturnedCopy(String text) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      int end = text.indexOf('\n', i);
      if (end < 0) {
        end = n;
      }
      int j = i;
      while (j < end && text.charAt(j) == ' ') {
        j++;
      }
      boolean ruled =
          text.startsWith("---", j) || text.startsWith("===", j) || text.startsWith("___", j);
      if (ruled || text.regionMatches(true, j, "original message headers", 0, 24)) {
        String line = AutomaticMail.lower(text.substring(j, end));
        if (line.contains("message") && !line.contains("transcript")) {
          return text.substring(0, i);
        }
      }
      i = end + 1;
    }
    return text;
  }

  private static String joined(List<String> texts, List<String> more) {
    if (more.isEmpty() && texts.size() == 1) {
      return texts.get(0);
    }
    StringBuilder b = new StringBuilder();
    for (List<String> list : List.of(texts, more)) {
      for (String t : list) {
        if (b.length() + t.length() > MessageParts.TEXT_LIMIT) {
          return b.toString();
        }
        b.append(t).append('\n');
      }
    }
    return b.toString();
  }

  private Optional<String> recipientToken(MimeMessage m) throws MessagingException {
    for (String name : RECIPIENT_HEADERS) {
      String[] values = m.getHeader(name);
      if (values == null) {
        continue;
      }
      for (String value : values) {
        Optional<String> token = tokens.find(value);
        if (token.isPresent()) {
          return token;
        }
      }
    }
    return Optional.empty();
  }

  /** The returned original's envelope sender (the VERP address), else its unsubscribe mailto. */
  private Optional<String> originalToken(InternetHeaders original) {
    Optional<String> token = tokens.find(header(original, "Return-Path"));
    if (token.isPresent()) {
      return token;
    }
    String unsubscribe = AutomaticMail.lower(header(original, "List-Unsubscribe"));
    int from = 0;
    while (true) {
      int at = unsubscribe.indexOf("mailto:", from);
      if (at < 0) {
        return Optional.empty();
      }
      int end = at + 7;
      while (end < unsubscribe.length() && ">, ".indexOf(unsubscribe.charAt(end)) < 0) {
        end++;
      }
      // RFC 6068 lets a mailto percent-encode the "+" and the "@".
      String mailto = unsubscribe.substring(at, end).replace("%2b", "+").replace("%40", "@");
      token = tokens.find(mailto);
      if (token.isPresent()) {
        return token;
      }
      from = end;
    }
  }

  /**
   * The Message-ID of the mail digest sent: the returned original's, else (for bounces) one quoted
   * in the text, else what the message replies to.
   */
  private static Optional<String> originalMessageId(
      MimeMessage m, MessageParts parts, boolean quotedText) throws MessagingException {
    if (parts.original != null) {
      Optional<String> id = MessageIds.first(header(parts.original, "Message-ID"));
      if (id.isPresent()) {
        return id;
      }
    }
    if (quotedText) {
      for (String text : parts.texts) {
        Optional<String> id = MessageIds.quoted(text);
        if (id.isPresent()) {
          return id;
        }
      }
    }
    Optional<String> inReplyTo = MessageIds.first(AutomaticMail.header(m, "In-Reply-To"));
    return inReplyTo.isPresent()
        ? inReplyTo
        : MessageIds.last(AutomaticMail.header(m, "References"));
  }

  private static boolean isLegacyMicrosoftComplaint(InternetHeaders original, String subject) {
    return original.getHeader("X-HmXmrOriginalRecipient") != null
        || subject.startsWith("complaint about message from");
  }

  private static String subject(MimeMessage m) throws MessagingException {
    String raw = AutomaticMail.header(m, "Subject");
    try {
      raw = MimeUtility.decodeText(raw);
    } catch (IOException | RuntimeException e) {
      // an undecodable encoded-word: match the text as it is
    }
    return AutomaticMail.lower(raw).strip();
  }

  private static String header(InternetHeaders headers, String name) {
    String[] values = headers.getHeader(name);
    return values == null || values.length == 0 ? "" : AutomaticMail.unfold(values[0]);
  }

  /** {@code user@example.com} of {@code rfc822; user@example.com}. */
  private static String withoutType(String value) {
    int semicolon = value.indexOf(';');
    if (semicolon > 0
        && semicolon < 20
        && value.substring(0, semicolon).strip().indexOf(' ') < 0
        && value.substring(0, semicolon).indexOf('@') < 0) {
      return value.substring(semicolon + 1).strip();
    }
    return value.strip();
  }

  /** {@code user@example.com} of {@code "User" <user@example.com>}, else the value stripped. */
  private static String bare(String mailbox) {
    int lt = mailbox.lastIndexOf('<');
    if (lt < 0) {
      return mailbox.strip();
    }
    int gt = mailbox.indexOf('>', lt);
    return mailbox.substring(lt + 1, gt < 0 ? mailbox.length() : gt).strip();
  }

  private static String firstAddress(String list) {
    int comma = list.indexOf(',');
    return bare(comma < 0 ? list : list.substring(0, comma));
  }

  private static String firstWord(String value) {
    String v = value.strip();
    int end = 0;
    while (end < v.length() && !Character.isWhitespace(v.charAt(end)) && v.charAt(end) != ';') {
      end++;
    }
    return v.substring(0, end);
  }

  private static Feedback feedback(
      Kind kind,
      Optional<String> token,
      Optional<String> messageId,
      String recipient,
      String status,
      String diagnostic,
      String source) {
    String rcpt = oneLine(recipient, 254);
    return new Feedback(
        kind,
        token,
        messageId,
        rcpt.isEmpty() ? Optional.empty() : Optional.of(rcpt),
        status == null ? "" : status,
        oneLine(diagnostic, MAX_DIAGNOSTIC),
        source);
  }

  /** White space runs to one space, control characters out, at most {@code max} characters. */
  static String oneLine(String s, int max) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), max + 1));
    boolean space = false;
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        space = b.length() > 0;
        continue;
      }
      if (space) {
        b.append(' ');
        space = false;
        if (b.length() >= max) {
          break;
        }
      }
      b.append(c);
    }
    if (b.length() > 0 && Character.isHighSurrogate(b.charAt(b.length() - 1))) {
      b.setLength(b.length() - 1);
    }
    return b.toString();
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    Throwable cause = e.getCause();
    if ((message == null || message.isBlank()) && cause != null) {
      message = cause.getMessage();
    }
    String what = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    return oneLine(what, 200);
  }

  private static Parse refused(String reason) {
    return new Parse.Refused(reason);
  }

  @Override
  public String toString() {
    return "FeedbackParser[bounce=" + bounceAddress + ", unsubscribe=" + unsubscribeAddress + "]";
  }

  /** The result of {@link #parse}. */
  public sealed interface Parse {
    /** The message was read; {@code feedback.kind()} says what it means. */
    record Read(Feedback feedback) implements Parse {}

    /** The message could not be read (too large, malformed MIME): one line why. */
    record Refused(String reason) implements Parse {}
  }
}
