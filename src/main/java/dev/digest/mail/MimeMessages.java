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

  private static final java.util.regex.Pattern HEADER_NAME =
      java.util.regex.Pattern.compile("[!-9;-~]+");

  private final String replyTo;
  private final DkimSigner dkim;
  private volatile String[] lastFrom;
  private volatile String[] lastSubject;

  public MimeMessages(MailSettings settings) {
    this.replyTo = settings.replyTo() == null ? "" : settings.replyTo().strip();
    this.dkim = settings.dkim().map(DkimSigner::fromSettings).orElse(null);
  }

  /** For tests: a signer with a key in memory. */
  MimeMessages(String replyTo, DkimSigner dkim) {
    this.replyTo = replyTo;
    this.dkim = dkim;
  }

  /**
   * The message as sent. Ready for SMTP DATA as it is: CRLF line ends only, and no line starts with
   * "." (quoted-printable encodes a leading dot; header lines start with a field name that may not
   * begin with one, or with folding white space), so no dot-stuffing is needed.
   */
  public byte[] toBytes(OutgoingMail mail) {
    return encode(mail).toByteArray();
  }

  /**
   * As {@link #toBytes}, without assembling one array: the shared encoded lines of the bodies are
   * written from where they are kept, so a message allocates little more than its headers and its
   * personal lines.
   */
  public RawMail encode(OutgoingMail mail) {
    String boundary = boundary(mail.messageId());
    List<String> fields = new ArrayList<>(12);
    fields.add(fromField(mail.from()));
    fields.add(HeaderEncoding.fold("To", HeaderEncoding.mailbox(mail.to())));
    if (!replyTo.isEmpty()) {
      fields.add(HeaderEncoding.fold("Reply-To", HeaderEncoding.mailbox(replyTo)));
    }
    fields.add(subjectField(mail.subject()));
    fields.add("Date: " + DATE.format(mail.date()));
    fields.add(
        HeaderEncoding.fold("Message-ID", "<" + HeaderEncoding.oneLine(mail.messageId()) + ">"));
    fields.add("MIME-Version: 1.0");
    for (Map.Entry<String, String> h : mail.headers().entrySet()) {
      String name = h.getKey().strip();
      // RFC 5322 2.2: printable ASCII except colon; and no leading "." (see above).
      if (!HEADER_NAME.matcher(name).matches() || name.startsWith(".")) {
        throw new IllegalArgumentException("bad header name: " + name);
      }
      // Structured values (List-Unsubscribe URLs) stay as given; only non-ASCII text is encoded.
      String value = HeaderEncoding.oneLine(h.getValue());
      fields.add(
          HeaderEncoding.fold(
              name,
              StandardCharsets.US_ASCII.newEncoder().canEncode(value)
                  ? value
                  : HeaderEncoding.text(value)));
    }
    fields.add("Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"");

    // The bodies: shared pre-encoded lines plus the lines that carry this recipient's values.
    BodyTemplate.Encoded text = mail.textBody().template().encode(mail.textBody().value());
    BodyTemplate.Encoded html = mail.htmlBody().template().encode(mail.htmlBody().value());
    byte[] textHead = partHead(boundary, "text/plain");
    byte[] htmlHead = partHead(boundary, "text/html");
    byte[] close = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    // RFC 2046 5.1.1: the CRLF before a boundary belongs to the boundary, not the content, so a
    // body that ends with a line break needs one more.
    boolean textBreak = mail.textBody().template().endsWithNewline(mail.textBody().value());
    boolean htmlBreak = mail.htmlBody().template().endsWithNewline(mail.htmlBody().value());
    int bodyLength =
        textHead.length
            + text.length()
            + (textBreak ? 2 : 0)
            + htmlHead.length
            + html.length()
            + (htmlBreak ? 2 : 0)
            + close.length;

    StringBuilder head = new StringBuilder(1024);
    for (String f : fields) {
      head.append(f).append("\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);

    RawMail.Part[] parts = {
      RawMail.bytes(headBytes),
      RawMail.bytes(textHead),
      text,
      textBreak ? RawMail.bytes(CRLF) : null,
      RawMail.bytes(htmlHead),
      html,
      htmlBreak ? RawMail.bytes(CRLF) : null,
      RawMail.bytes(close)
    };
    RawMail unsigned = new RawMail(parts, headBytes.length + bodyLength);
    if (dkim == null) {
      return unsigned;
    }
    byte[] all = unsigned.toByteArray();
    byte[] body = java.util.Arrays.copyOfRange(all, headBytes.length, all.length);
    byte[] signature =
        (dkim.sign(fields, body, mail.date()) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    return new RawMail(
        new RawMail.Part[] {RawMail.bytes(signature), RawMail.bytes(all)},
        signature.length + all.length);
  }

  private static final byte[] CRLF = {'\r', '\n'};

  /** The Subject field, cached: every message of an edition has the same subject. */
  private String subjectField(String subject) {
    String[] cached = lastSubject;
    if (cached != null && cached[0].equals(subject)) {
      return cached[1];
    }
    String field = HeaderEncoding.fold("Subject", HeaderEncoding.text(subject));
    lastSubject = new String[] {subject, field};
    return field;
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

  private static byte[] partHead(String boundary, String type) {
    return ("--"
            + boundary
            + "\r\nContent-Type: "
            + type
            + "; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * "=_" can never occur in quoted-printable text (a literal "=" is always "=3D"), so the boundary
   * cannot collide with the content (RFC 2045 6.7, RFC 2046 5.1.1).
   */
  static String boundary(String messageId) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
      return "=_digest_" + HexFormat.of().formatHex(h, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
