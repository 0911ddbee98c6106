package dev.digest.mail;

import dev.digest.config.MailSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an {@link OutgoingMail} into RFC 5322 bytes (CRLF line ends), DKIM-signed when configured:
 * multipart/alternative with a text and an HTML part (RFC 2046 5.1.4: the preferred part last),
 * both UTF-8 quoted-printable. The output is a pure function of the mail (the boundary derives from
 * the Message-ID), so a resent message is byte-identical. Thread-safe.
 */
public final class MimeMessages {

  /** RFC 5322 3.3 date-time, always in UTC with a numeric zone. */
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!-9;-~]+");

  private final String replyTo;
  private final DkimSigner dkim;
  // Personalized bodies of one edition differ in a line or two: encode only what differs.
  private final QuotedPrintable.Incremental textEncoder = new QuotedPrintable.Incremental();
  private final QuotedPrintable.Incremental htmlEncoder = new QuotedPrintable.Incremental();
  private volatile String[] lastFrom;

  public MimeMessages(MailSettings settings) {
    this.replyTo = settings.replyTo() == null ? "" : settings.replyTo().strip();
    this.dkim = settings.dkim().map(DkimSigner::fromSettings).orElse(null);
  }

  /** For tests: a signer with a key in memory. */
  MimeMessages(String replyTo, DkimSigner dkim) {
    this.replyTo = replyTo;
    this.dkim = dkim;
  }

  public byte[] toBytes(OutgoingMail mail) {
    String boundary = boundary(mail.messageId());
    List<String> fields = new ArrayList<>(12);
    fields.add(fromField(mail.from()));
    fields.add(HeaderEncoding.fold("To", HeaderEncoding.mailbox(mail.to())));
    if (!replyTo.isEmpty()) {
      fields.add(HeaderEncoding.fold("Reply-To", HeaderEncoding.mailbox(replyTo)));
    }
    fields.add(HeaderEncoding.fold("Subject", HeaderEncoding.text(mail.subject())));
    fields.add("Date: " + DATE.format(mail.date()));
    fields.add(HeaderEncoding.fold("Message-ID", "<" + HeaderEncoding.oneLine(mail.messageId()) + ">"));
    fields.add("MIME-Version: 1.0");
    for (Map.Entry<String, String> h : mail.headers().entrySet()) {
      String name = h.getKey().strip();
      if (!HEADER_NAME.matcher(name).matches()) { // RFC 5322 2.2: printable ASCII except colon
        throw new IllegalArgumentException("bad header name: " + name);
      }
      // Structured values (List-Unsubscribe URLs) stay as given; only non-ASCII text is encoded.
      String value = HeaderEncoding.oneLine(h.getValue());
      fields.add(HeaderEncoding.fold(name,
          StandardCharsets.US_ASCII.newEncoder().canEncode(value) ? value : HeaderEncoding.text(value)));
    }
    fields.add("Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"");

    byte[] text = textEncoder.encode(mail.text().getBytes(StandardCharsets.UTF_8));
    byte[] html = htmlEncoder.encode(mail.html().getBytes(StandardCharsets.UTF_8));
    byte[] textHead = partHead(boundary, "text/plain");
    byte[] htmlHead = partHead(boundary, "text/html");
    byte[] close = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    // RFC 2046 5.1.1: the CRLF before a boundary belongs to the boundary, not the content, so a
    // body that ends with a line break needs one more.
    boolean textBreak = endsWithNewline(mail.text());
    boolean htmlBreak = endsWithNewline(mail.html());
    int bodyLength = textHead.length + text.length + (textBreak ? 2 : 0) + htmlHead.length
        + html.length + (htmlBreak ? 2 : 0) + close.length;

    StringBuilder head = new StringBuilder(1024);
    for (String f : fields) {
      head.append(f).append("\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);

    byte[] crlf = {'\r', '\n'};
    byte[][] bodyChunks = {textHead, text, textBreak ? crlf : null, htmlHead, html,
        htmlBreak ? crlf : null, close};
    if (dkim == null) {
      return concat(headBytes, bodyChunks, bodyLength);
    }
    byte[] body = concat(new byte[0], bodyChunks, bodyLength);
    byte[] signature = (dkim.sign(fields, body, mail.date()) + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    return concat(signature, new byte[][] {headBytes, body}, headBytes.length + body.length);
  }

  /** One exact-size array: {@code first}, then the non-null chunks ({@code length} bytes). */
  private static byte[] concat(byte[] first, byte[][] chunks, int length) {
    byte[] out = new byte[first.length + length];
    System.arraycopy(first, 0, out, 0, first.length);
    int o = first.length;
    for (byte[] c : chunks) {
      if (c != null) {
        System.arraycopy(c, 0, out, o, c.length);
        o += c.length;
      }
    }
    return out;
  }

  /** The From field, cached: every message of a run has the same sender. */
  private String fromField(String from) {
    String[] cached = lastFrom;
    if (cached != null && cached[0].equals(from)) {
      return cached[1];
    }
    String field = HeaderEncoding.fold("From", HeaderEncoding.mailbox(from));
    lastFrom = new String[] {from, field};
    return field;
  }

  private static boolean endsWithNewline(String s) {
    return !s.isEmpty() && s.charAt(s.length() - 1) == '\n';
  }

  private static byte[] partHead(String boundary, String type) {
    return ("--" + boundary + "\r\nContent-Type: " + type + "; charset=UTF-8\r\n"
        + "Content-Transfer-Encoding: quoted-printable\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * "=_" can never occur in quoted-printable text (a literal "=" is always "=3D"), so the boundary
   * cannot collide with the content (RFC 2045 6.7, RFC 2046 5.1.1).
   */
  static String boundary(String messageId) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
      return "=_digest_" + HexFormat.of().formatHex(h, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
