package dev.digest.mail;

import java.nio.charset.StandardCharsets;

/**
 * Quoted-printable body encoding (RFC 2045 section 6.7) straight into bytes: CRLF line ends, lines
 * of at most 76 characters, trailing white space encoded. A line starting with {@code .} or {@code
 * From } is encoded too, so no SMTP dot-stuffing or mbox quoting can alter the signed body.
 *
 * <p>The encoding is line-local (a hard line break resets everything), which {@link BodyTemplate}
 * uses: the personalized bodies of one edition differ in a line or two, so only those lines are
 * encoded per recipient.
 */
final class QuotedPrintable {

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_LINE = 76;

  /** 1 for bytes written as they are, 3 for bytes written as =XX (line-position rules aside). */
  private static final byte[] WIDTH = new byte[256];

  static {
    for (int b = 0; b < 256; b++) {
      WIDTH[b] = (byte) (b >= 33 && b <= 126 && b != '=' ? 1 : 3);
    }
  }

  private QuotedPrintable() {}

  /** Encodes UTF-8 {@code in} (LF or CRLF line ends) into {@code out}; ends with CRLF. */
  static void encode(byte[] in, ByteSink out) {
    encodeRange(in, 0, in.length, out);
  }

  /**
   * Encodes the lines {@code [from, to)} of {@code in}; {@code from} is a line start, {@code to} a
   * line start or the end.
   */
  static void encodeRange(byte[] in, int from, int to, ByteSink sink) {
    int n = in.length;
    // Worst case: every byte as =XX plus a soft break per 25 of them.
    byte[] out = sink.reserve((to - from) * 3 + (to - from) / 8 + 4);
    int o = sink.length();
    int col = 0;
    for (int i = from; i < to; i++) {
      int b = in[i] & 0xff;
      if (b == '\n') {
        out[o++] = '\r';
        out[o++] = '\n';
        col = 0;
        continue;
      }
      if (b == '\r' && i + 1 < n && in[i + 1] == '\n') {
        continue; // the LF that follows ends the line
      }
      boolean atLineEnd =
          i + 1 == n || in[i + 1] == '\n' || (in[i + 1] == '\r' && i + 2 < n && in[i + 2] == '\n');
      int width;
      if (b == ' ' || b == '\t') {
        width = atLineEnd ? 3 : 1;
      } else if (col == 0 && (b == '.' || (b == 'F' && startsWithFrom(in, i)))) {
        width = 3;
      } else {
        width = WIDTH[b];
      }
      // Keep one column for the soft break "=" unless this is the line's last character.
      if (col + width > (atLineEnd ? MAX_LINE : MAX_LINE - 1)) {
        out[o++] = '=';
        out[o++] = '\r';
        out[o++] = '\n';
        col = 0;
      }
      if (width == 1) {
        out[o++] = (byte) b;
      } else {
        out[o++] = '=';
        out[o++] = HEX[b >> 4];
        out[o++] = HEX[b & 0xf];
      }
      col += width;
    }
    if (to == n && col > 0) {
      out[o++] = '\r';
      out[o++] = '\n';
    }
    sink.setLength(o);
  }

  private static boolean startsWithFrom(byte[] in, int i) {
    return i + 4 < in.length
        && in[i + 1] == 'r'
        && in[i + 2] == 'o'
        && in[i + 3] == 'm'
        && in[i + 4] == ' ';
  }
}
