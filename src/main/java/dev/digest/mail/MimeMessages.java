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

  private final String replyTo;
  private final DkimSigner dkim;

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
    fields.add(HeaderEncoding.fold("From", HeaderEncoding.mailbox(mail.from())));
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
      if (!name.matches("[!-9;-~]+")) { // RFC 5322 2.2: printable ASCII except colon
        throw new IllegalArgumentException("bad header name: " + name);
      }
      // Structured values (List-Unsubscribe URLs) stay as given; only non-ASCII text is encoded.
      String value = HeaderEncoding.oneLine(h.getValue());
      fields.add(HeaderEncoding.fold(name,
          StandardCharsets.US_ASCII.newEncoder().canEncode(value) ? value : HeaderEncoding.text(value)));
    }
    fields.add("Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"");

    byte[] text = mail.text().getBytes(StandardCharsets.UTF_8);
    byte[] html = mail.html().getBytes(StandardCharsets.UTF_8);
    ByteSink body = new ByteSink(text.length + html.length + html.length / 8 + 1024);
    part(body, boundary, "text/plain", text);
    part(body, boundary, "text/html", html);
    body.ascii("--" + boundary + "--");
    body.crlf();

    ByteSink out = new ByteSink(body.length() + 2048);
    if (dkim != null) {
      out.ascii(dkim.sign(fields, body.toByteArray(), mail.date()));
      out.crlf();
    }
    for (String f : fields) {
      out.put(f.getBytes(StandardCharsets.US_ASCII));
      out.crlf();
    }
    out.crlf();
    out.put(body.array(), 0, body.length());
    return out.toByteArray();
  }

  private static void part(ByteSink body, String boundary, String type, byte[] content) {
    body.ascii("--" + boundary);
    body.crlf();
    body.ascii("Content-Type: " + type + "; charset=UTF-8");
    body.crlf();
    body.ascii("Content-Transfer-Encoding: quoted-printable");
    body.crlf();
    body.crlf();
    QuotedPrintable.encode(content, body);
    if (content.length > 0 && content[content.length - 1] == '\n') {
      // RFC 2046 5.1.1: the CRLF before a boundary belongs to the boundary, not the content.
      body.crlf();
    }
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
