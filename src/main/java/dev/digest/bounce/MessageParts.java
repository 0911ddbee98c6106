package dev.digest.bounce;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parts of a returned message that say something, found in one walk of its MIME tree: the
 * machine-readable report part, the returned original's headers, and the human-readable text. The
 * returned original is a leaf: only its header section is read (relays truncate its body, and its
 * MIME structure is the original sender's, not the reporter's). Depth and part counts are bounded;
 * a broken structure (no closing boundary, undecodable part) throws.
 */
final class MessageParts {

  static final int MAX_DEPTH = 6;
  static final int MAX_PARTS = 64;

  /** Enough of a human-readable part to find a status code, read once. */
  static final int TEXT_LIMIT = 64 * 1024;

  /** The top-level type, lowercased ({@code multipart/report}). */
  final String type;

  /** The report-type parameter of a multipart/report, lowercased, or "". */
  final String reportType;

  /** The first {@code message/delivery-status} (or global) part's text, or null. */
  String deliveryStatus;

  /** The first {@code message/feedback-report} part's text, or null. */
  String feedbackReport;

  /** The header section of the returned original (message/rfc822 or text/rfc822-headers). */
  InternetHeaders original;

  /** Human-readable text/plain parts (text/html when a message has no plain text), in order. */
  final List<String> texts = new ArrayList<>();

  /**
   * text/plain parts directly inside a multipart/report after its first: some MTAs put the
   * delivery-status fields there.
   */
  final List<String> reportTexts = new ArrayList<>();

  private final List<String> htmls = new ArrayList<>();
  private int parts;

  private MessageParts(String type, String reportType) {
    this.type = type;
    this.reportType = reportType;
  }

  static MessageParts of(MimeMessage message) throws MessagingException, IOException {
    ContentType ct = contentType(message);
    String type = ct.getBaseType().toLowerCase(Locale.ROOT);
    String reportType = "";
    if (type.equals("multipart/report")) {
      String p = ct.getParameter("report-type");
      reportType = p == null ? "" : p.trim().toLowerCase(Locale.ROOT);
    }
    MessageParts found = new MessageParts(type, reportType);
    found.walk(message, ct, 0, false, 0);
    if (found.texts.isEmpty()) {
      found.texts.addAll(found.htmls);
    }
    return found;
  }

  private void walk(MimePart part, ContentType ct, int depth, boolean inReport, int index)
      throws MessagingException, IOException {
    if (++parts > MAX_PARTS) {
      return;
    }
    String type = ct.getBaseType().toLowerCase(Locale.ROOT);
    if (type.startsWith("multipart/")) {
      if (depth >= MAX_DEPTH) {
        return;
      }
      StrictMultipart multipart = new StrictMultipart(new MimePartDataSource(part));
      boolean report = type.equals("multipart/report");
      int count = Math.min(multipart.getCount(), MAX_PARTS);
      for (int i = 0; i < count; i++) {
        MimePart child = (MimePart) multipart.getBodyPart(i);
        walk(child, contentType(child), depth + 1, report, i);
      }
      return;
    }
    switch (type) {
      case "message/delivery-status", "message/global-delivery-status" -> {
        if (deliveryStatus == null) {
          deliveryStatus = text(part, ct, MessageParts.TEXT_LIMIT * 4);
        }
      }
      case "message/feedback-report" -> {
        if (feedbackReport == null) {
          feedbackReport = text(part, ct, TEXT_LIMIT);
        }
      }
      case "message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers" -> {
        if (original == null) {
          try (InputStream in = decoded(part)) {
            original = new InternetHeaders(in, true);
          }
        }
      }
      case "text/plain" -> {
        String text = text(part, ct, TEXT_LIMIT);
        if (inReport && index > 0) {
          reportTexts.add(text);
        } else if (!isAttachment(part)) {
          texts.add(text);
        }
      }
      case "text/html" -> {
        if (!isAttachment(part)) {
          htmls.add(text(part, ct, TEXT_LIMIT));
        }
      }
      default -> {
        // images, attachments: nothing to read
      }
    }
  }

  static ContentType contentType(MimePart part) throws MessagingException {
    String header = part.getHeader("Content-Type", null);
    if (header == null || header.isBlank()) {
      return new ContentType("text", "plain", null);
    }
    try {
      return new ContentType(header);
    } catch (ParseException e) {
      throw new MessagingException("malformed Content-Type \"" + oneLine(header) + "\"");
    }
  }

  private static boolean isAttachment(MimePart part) throws MessagingException {
    String disposition = part.getHeader("Content-Disposition", null);
    return disposition != null
        && disposition.trim().toLowerCase(Locale.ROOT).startsWith(Part.ATTACHMENT);
  }

  private static InputStream decoded(MimePart part) throws MessagingException, IOException {
    return new MimePartDataSource(part).getInputStream();
  }

  private static String text(MimePart part, ContentType ct, int limit)
      throws MessagingException, IOException {
    byte[] bytes;
    try (InputStream in = decoded(part)) {
      bytes = in.readNBytes(limit);
    }
    return new String(bytes, charset(ct.getParameter("charset")));
  }

  private static Charset charset(String name) {
    if (name == null || name.isBlank()) {
      return StandardCharsets.UTF_8;
    }
    try {
      Charset cs = Charset.forName(MimeUtility.javaCharset(name.trim()));
      // US-ASCII text with stray 8-bit bytes is common in bounces: read it as UTF-8.
      return cs.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : cs;
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }

  static String oneLine(String s) {
    String line = s.replaceAll("[\\r\\n\\t]+", " ").strip();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
