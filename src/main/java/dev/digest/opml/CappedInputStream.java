package dev.digest.opml;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails once more than {@code max} bytes are read: the file's size is checked before, but a pipe
 * or a file that grows has none worth believing.
 */
final class CappedInputStream extends FilterInputStream {

  /** More bytes than the cap. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException() {
      super("too large");
    }
  }

  private final long max;
  private long count;

  CappedInputStream(InputStream in, long max) {
    super(in);
    this.max = max;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count(skipped);
    return skipped;
  }

  private void count(long n) throws TooLargeException {
    count += n;
    if (count > max) {
      throw new TooLargeException();
    }
  }
}
