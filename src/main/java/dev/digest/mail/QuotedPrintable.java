package dev.digest.mail;

/**
 * Quoted-printable body encoding (RFC 2045 section 6.7) straight into bytes: CRLF line ends,
 * lines of at most 76 characters, trailing white space encoded. A line starting with {@code .} or
 * {@code From } is encoded too, so no SMTP dot-stuffing or mbox quoting can alter the signed body.
 */
final class QuotedPrintable {

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int MAX_LINE = 76;

  private QuotedPrintable() {}

  /** Encodes UTF-8 {@code in} (LF or CRLF line ends) into {@code out}; ends with CRLF. */
  static void encode(byte[] in, ByteSink out) {
    int col = 0;
    int n = in.length;
    for (int i = 0; i < n; i++) {
      int b = in[i] & 0xff;
      if (b == '\r' && i + 1 < n && in[i + 1] == '\n') {
        continue; // the LF that follows ends the line
      }
      if (b == '\n') {
        out.crlf();
        col = 0;
        continue;
      }
      boolean atLineEnd = i + 1 == n || in[i + 1] == '\n' || (in[i + 1] == '\r' && i + 2 < n && in[i + 2] == '\n');
      boolean literal;
      if (b == ' ' || b == '\t') {
        literal = !atLineEnd;
      } else if (b == '.' && col == 0) {
        literal = false;
      } else if (b == 'F' && col == 0 && startsWithFrom(in, i)) {
        literal = false;
      } else {
        literal = b >= 33 && b <= 126 && b != '=';
      }
      int width = literal ? 1 : 3;
      // Keep one column for the soft break "=" unless this is the line's last character.
      int limit = atLineEnd ? MAX_LINE : MAX_LINE - 1;
      if (col + width > limit) {
        out.put('=');
        out.crlf();
        col = 0;
      }
      if (literal) {
        out.put(b);
      } else {
        out.put('=');
        out.put(HEX[b >> 4]);
        out.put(HEX[b & 0xf]);
      }
      col += width;
    }
    if (col > 0) {
      out.crlf();
    }
  }

  private static boolean startsWithFrom(byte[] in, int i) {
    return i + 4 < in.length && in[i + 1] == 'r' && in[i + 2] == 'o' && in[i + 3] == 'm'
        && in[i + 4] == ' ';
  }
}
