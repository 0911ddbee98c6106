package dev.digest.mail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Quoted-printable body encoding (RFC 2045 section 6.7) straight into bytes: CRLF line ends,
 * lines of at most 76 characters, trailing white space encoded. A line starting with {@code .} or
 * {@code From } is encoded too, so no SMTP dot-stuffing or mbox quoting can alter the signed body.
 *
 * <p>The encoding is line-local (a hard line break resets everything), which {@link Incremental}
 * uses: the personalized bodies of one edition differ in a line or two, so it re-encodes only the
 * lines that differ from the last full encoding and copies the rest.
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
    encodeRange(in, 0, in.length, out, null);
  }

  /**
   * Encodes the lines {@code [from, to)} of {@code in}; {@code from} is a line start, {@code to}
   * a line start or the end. When {@code lines} is given, records each line start it passes.
   */
  static void encodeRange(byte[] in, int from, int to, ByteSink sink, LineIndex lines) {
    int n = in.length;
    // Worst case: every byte as =XX plus a soft break per 25 of them.
    byte[] out = sink.reserve((to - from) * 3 + (to - from) / 8 + 4);
    int o = sink.length();
    int col = 0;
    if (lines != null) {
      lines.add(from, o);
    }
    for (int i = from; i < to; i++) {
      int b = in[i] & 0xff;
      if (b == '\n') {
        out[o++] = '\r';
        out[o++] = '\n';
        col = 0;
        if (lines != null && i + 1 < n) {
          lines.add(i + 1, o);
        }
        continue;
      }
      if (b == '\r' && i + 1 < n && in[i + 1] == '\n') {
        continue; // the LF that follows ends the line
      }
      boolean atLineEnd = i + 1 == n || in[i + 1] == '\n'
          || (in[i + 1] == '\r' && i + 2 < n && in[i + 2] == '\n');
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
    return i + 4 < in.length && in[i + 1] == 'r' && in[i + 2] == 'o' && in[i + 3] == 'm'
        && in[i + 4] == ' ';
  }

  /** Input line starts and the output offsets they were encoded at, in increasing order. */
  static final class LineIndex {
    private int[] in = new int[256];
    private int[] out = new int[256];
    private int size;

    void add(int inOffset, int outOffset) {
      if (size == in.length) {
        in = Arrays.copyOf(in, size * 2);
        out = Arrays.copyOf(out, size * 2);
      }
      in[size] = inOffset;
      out[size] = outOffset;
      size++;
    }

    /** Output offset of the line starting at input offset {@code lineStart}, or -1. */
    int outputOffset(int lineStart) {
      int i = Arrays.binarySearch(in, 0, size, lineStart);
      return i < 0 ? -1 : out[i];
    }
  }

  /**
   * Encodes like {@link QuotedPrintable#encode} but reuses the last full encoding for the lines an
   * input shares with it (common prefix and suffix, by {@link Arrays#mismatch}). Thread-safe: the
   * reference encoding is an immutable snapshot replaced only by a full encoding.
   */
  static final class Incremental {
    private volatile Snapshot last;

    private record Snapshot(byte[] in, byte[] out, LineIndex lines) {}

    /** The encoding of {@code in} (do not modify the returned array). */
    byte[] encode(byte[] in) {
      Snapshot s = last;
      if (s != null) {
        byte[] reused = reuse(s, in);
        if (reused != null) {
          return reused;
        }
      }
      ByteSink sink = new ByteSink(in.length + in.length / 4 + 64);
      LineIndex lines = new LineIndex();
      encodeRange(in, 0, in.length, sink, lines);
      byte[] out = sink.toByteArray();
      last = new Snapshot(in, out, lines);
      return out;
    }

    private static byte[] reuse(Snapshot s, byte[] in) {
      byte[] old = s.in;
      int p = Arrays.mismatch(old, in);
      if (p < 0) {
        return s.out;
      }
      // Start of the line holding the first difference (same offset in both inputs).
      int k = p;
      while (k > 0 && in[k - 1] != '\n') {
        k--;
      }
      int suffix = commonSuffix(old, in, Math.min(old.length, in.length) - k);
      // First line start inside the common suffix.
      int l = in.length;
      for (int i = in.length - suffix; i < in.length; i++) {
        if (in[i] == '\n' && i + 1 < in.length) {
          l = i + 1;
          break;
        }
      }
      int lOld = l + (old.length - in.length);
      int outK = s.lines.outputOffset(k);
      int outL = lOld == old.length ? s.out.length : s.lines.outputOffset(lOld);
      if (l < k || outK < 0 || outL < 0 || (l - k) > in.length / 2) {
        return null; // not worth it (or not line-aligned): encode in full
      }
      ByteSink middle = new ByteSink((l - k) * 3 + (l - k) / 8 + 16);
      encodeRange(in, k, l, middle, null);
      int tail = s.out.length - outL;
      byte[] out = new byte[outK + middle.length() + tail];
      System.arraycopy(s.out, 0, out, 0, outK);
      System.arraycopy(middle.array(), 0, out, outK, middle.length());
      System.arraycopy(s.out, outL, out, outK + middle.length(), tail);
      return out;
    }

    /** Length of the common tail of a and b, at most {@code max}; compared in vectorized chunks. */
    private static int commonSuffix(byte[] a, byte[] b, int max) {
      int n = 0;
      while (n < max) {
        int chunk = Math.min(4096, max - n);
        int aEnd = a.length - n;
        int bEnd = b.length - n;
        if (Arrays.mismatch(a, aEnd - chunk, aEnd, b, bEnd - chunk, bEnd) < 0) {
          n += chunk;
          continue;
        }
        int i = 1;
        while (a[aEnd - i] == b[bEnd - i]) {
          i++;
        }
        return n + i - 1;
      }
      return n;
    }
  }
}
