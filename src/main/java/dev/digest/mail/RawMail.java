package dev.digest.mail;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A message as sent, in pieces: RFC 5322 bytes ready for SMTP DATA ({@link MimeMessages#toBytes}
 * says what that guarantees), kept as the parts they were built from so that writing them does not
 * need one array of the whole message. Immutable.
 */
public final class RawMail {

  /** A piece of the message. */
  interface Part {
    int length();

    int copyTo(byte[] out, int offset);

    void writeTo(OutputStream out) throws IOException;
  }

  private final Part[] parts;
  private final int length;

  /** {@code parts} may hold nulls (skipped); {@code length} is the sum of their lengths. */
  RawMail(Part[] parts, int length) {
    this.parts = parts;
    this.length = length;
  }

  static Part bytes(byte[] b) {
    return new Part() {
      @Override
      public int length() {
        return b.length;
      }

      @Override
      public int copyTo(byte[] out, int offset) {
        System.arraycopy(b, 0, out, offset, b.length);
        return offset + b.length;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(b, 0, b.length);
      }
    };
  }

  public int length() {
    return length;
  }

  public byte[] toByteArray() {
    byte[] out = new byte[length];
    int o = 0;
    for (Part p : parts) {
      if (p != null) {
        o = p.copyTo(out, o);
      }
    }
    if (o != length) {
      throw new IllegalStateException("message length mismatch: " + o + " != " + length);
    }
    return out;
  }

  public void writeTo(OutputStream out) throws IOException {
    for (Part p : parts) {
      if (p != null) {
        p.writeTo(out);
      }
    }
  }
}
