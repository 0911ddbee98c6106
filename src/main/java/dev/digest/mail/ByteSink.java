package dev.digest.mail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer for building messages without intermediate strings. */
final class ByteSink {

  private byte[] buf;
  private int len;

  ByteSink(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  void put(int b) {
    if (len == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    buf[len++] = (byte) b;
  }

  void put(byte[] b, int off, int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  void put(byte[] b) {
    put(b, 0, b.length);
  }

  void ascii(String s) {
    put(s.getBytes(StandardCharsets.US_ASCII));
  }

  void crlf() {
    put('\r');
    put('\n');
  }

  /** Makes room for {@code n} more bytes and returns the backing array (write, then setLength). */
  byte[] reserve(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
    return buf;
  }

  void setLength(int length) {
    len = length;
  }

  int length() {
    return len;
  }

  byte[] array() {
    return buf;
  }

  /** The bytes written; the backing array itself when it is exactly full. */
  byte[] toByteArray() {
    return len == buf.length ? buf : Arrays.copyOf(buf, len);
  }
}
