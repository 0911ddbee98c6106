package dev.digest.mail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A message body (text or HTML) that is the same for every recipient but for one placeholder,
 * quoted-printable encoded once. Quoted-printable is line-local (a hard line break resets it), so
 * the lines without the placeholder are kept encoded and a message costs the encoding of the few
 * lines that carry the recipient's value plus array copies, instead of a string replace, a UTF-8
 * encoding and a quoted-printable encoding of the whole body. The bytes are exactly those of
 * encoding {@link #fill} in full. Immutable and thread-safe; the encoding is done on first use.
 *
 * <p>It decides nothing: the value is the sender's (for a digest, what {@code DigestTemplate.fill}
 * puts in that body), and the body read back is {@link MailBody#content}.
 */
public final class BodyTemplate {

  private final String source;
  private final String placeholder;
  private volatile Prepared prepared;

  private BodyTemplate(String source, String placeholder) {
    this.source = Objects.requireNonNull(source, "source");
    this.placeholder = Objects.requireNonNull(placeholder, "placeholder");
  }

  /** A body without a placeholder: the same bytes for everyone. */
  public static BodyTemplate of(String body) {
    return new BodyTemplate(body, "");
  }

  /** A body in which every occurrence of {@code placeholder} is replaced per recipient. */
  public static BodyTemplate of(String body, String placeholder) {
    return new BodyTemplate(body, placeholder);
  }

  /** The body as one recipient reads it: every placeholder replaced by {@code value}. */
  String fill(String value) {
    return placeholder.isEmpty() ? source : source.replace(placeholder, value);
  }

  /** True when the filled body ends with a line break. */
  boolean endsWithNewline(String value) {
    if (!placeholder.isEmpty() && source.endsWith(placeholder)) {
      return fill(value).endsWith("\n");
    }
    return source.endsWith("\n");
  }

  /** The quoted-printable encoding of {@code fill(value)} (CRLF line ends). */
  Encoded encode(String value) {
    Prepared p = prepared;
    if (p == null) {
      p = prepare();
      prepared = p;
    }
    if (p.slots == 0) {
      return new Encoded(p.segments, null, null, p.constantLength);
    }
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    ByteSink scratch = new ByteSink(p.slotBytes + p.slots * (v.length * 3 + 16));
    int[] ends = new int[p.slots];
    int slot = 0;
    for (Object s : p.segments) {
      if (s instanceof byte[][]) {
        byte[][] parts = (byte[][]) s;
        int length = (parts.length - 1) * v.length;
        for (byte[] part : parts) {
          length += part.length;
        }
        byte[] line = new byte[length];
        int o = 0;
        for (int i = 0; i < parts.length; i++) {
          if (i > 0) {
            System.arraycopy(v, 0, line, o, v.length);
            o += v.length;
          }
          System.arraycopy(parts[i], 0, line, o, parts[i].length);
          o += parts[i].length;
        }
        QuotedPrintable.encode(line, scratch);
        ends[slot++] = scratch.length();
      }
    }
    return new Encoded(p.segments, scratch.array(), ends, p.constantLength + scratch.length());
  }

  /**
   * Splits the body into runs of lines without the placeholder (encoded here) and single lines with
   * it (kept as UTF-8 pieces around each occurrence, encoded per recipient).
   */
  private Prepared prepare() {
    byte[] in = source.getBytes(StandardCharsets.UTF_8);
    byte[] mark = placeholder.getBytes(StandardCharsets.UTF_8);
    List<Object> segments = new ArrayList<>();
    int constant = 0;
    int slots = 0;
    int slotBytes = 0;
    int runStart = 0;
    int lineStart = 0;
    while (lineStart < in.length) {
      int lineEnd = lineStart;
      while (lineEnd < in.length && in[lineEnd] != '\n') {
        lineEnd++;
      }
      if (lineEnd < in.length) {
        lineEnd++; // the line includes its LF
      }
      int hit = mark.length == 0 ? -1 : indexOf(in, mark, lineStart, lineEnd);
      if (hit >= 0) {
        if (runStart < lineStart) {
          constant += addEncoded(segments, in, runStart, lineStart);
        }
        List<byte[]> parts = new ArrayList<>();
        int from = lineStart;
        while (hit >= 0) {
          parts.add(java.util.Arrays.copyOfRange(in, from, hit));
          from = hit + mark.length;
          hit = indexOf(in, mark, from, lineEnd);
        }
        parts.add(java.util.Arrays.copyOfRange(in, from, lineEnd));
        segments.add(parts.toArray(new byte[0][]));
        slots++;
        slotBytes += (lineEnd - lineStart) * 3 + 16;
        runStart = lineEnd;
      }
      lineStart = lineEnd;
    }
    if (runStart < in.length || in.length == 0) {
      constant += addEncoded(segments, in, runStart, in.length);
    }
    return new Prepared(segments.toArray(), constant, slots, slotBytes);
  }

  /** Encodes the lines {@code [from, to)} of {@code in} as one constant segment; its length. */
  private static int addEncoded(List<Object> segments, byte[] in, int from, int to) {
    ByteSink sink = new ByteSink((to - from) + (to - from) / 4 + 16);
    // The last range of a body without a final LF gets the CRLF the full encoding ends with.
    QuotedPrintable.encodeRange(in, from, to, sink);
    byte[] encoded = sink.toByteArray();
    segments.add(encoded);
    return encoded.length;
  }

  private static int indexOf(byte[] in, byte[] mark, int from, int to) {
    outer:
    for (int i = from; i <= to - mark.length; i++) {
      for (int j = 0; j < mark.length; j++) {
        if (in[i + j] != mark[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BodyTemplate
        && ((BodyTemplate) o).source.equals(source)
        && ((BodyTemplate) o).placeholder.equals(placeholder);
  }

  @Override
  public int hashCode() {
    return source.hashCode() * 31 + placeholder.hashCode();
  }

  @Override
  public String toString() {
    return "BodyTemplate[" + source.length() + " chars, placeholder=" + placeholder + "]";
  }

  /**
   * @param segments {@code byte[]} encoded lines, or {@code byte[][]} a line's UTF-8 pieces around
   *     the placeholder
   */
  private record Prepared(Object[] segments, int constantLength, int slots, int slotBytes) {}

  /** One recipient's encoded body: the shared segments and the lines encoded for them. */
  static final class Encoded implements RawMail.Part {
    private final Object[] segments;
    private final byte[] slots;
    private final int[] slotEnds;
    private final int length;

    private Encoded(Object[] segments, byte[] slots, int[] slotEnds, int length) {
      this.segments = segments;
      this.slots = slots;
      this.slotEnds = slotEnds;
      this.length = length;
    }

    @Override
    public int length() {
      return length;
    }

    /** Copies the encoded body into {@code out} at {@code offset}; returns the offset after it. */
    @Override
    public int copyTo(byte[] out, int offset) {
      int o = offset;
      int slot = 0;
      for (Object s : segments) {
        if (s instanceof byte[]) {
          byte[] b = (byte[]) s;
          System.arraycopy(b, 0, out, o, b.length);
          o += b.length;
        } else {
          int from = slot == 0 ? 0 : slotEnds[slot - 1];
          int n = slotEnds[slot] - from;
          System.arraycopy(slots, from, out, o, n);
          o += n;
          slot++;
        }
      }
      return o;
    }

    @Override
    public void writeTo(java.io.OutputStream out) throws java.io.IOException {
      int slot = 0;
      for (Object s : segments) {
        if (s instanceof byte[]) {
          byte[] b = (byte[]) s;
          out.write(b, 0, b.length);
        } else {
          int from = slot == 0 ? 0 : slotEnds[slot - 1];
          out.write(slots, from, slotEnds[slot] - from);
          slot++;
        }
      }
    }
  }
}
