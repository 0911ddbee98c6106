package dev.digest.mail;

import java.util.List;
import java.util.Optional;

/**
 * The embedded SMTP server (GreenMail) that takes all mail when no SMTP host is configured; its
 * captured messages are the web outbox. Always {@link #close()} it: its threads keep the JVM alive.
 */
public final class DevMailServer implements AutoCloseable {

  /** Starts on 127.0.0.1:{@code port} (0 = any free port). */
  public static DevMailServer start(int port) {
    throw new UnsupportedOperationException("mail helper implements this");
  }

  public int port() {
    throw new UnsupportedOperationException();
  }

  /** Captured messages, newest first. */
  public List<CapturedMail> messages() {
    throw new UnsupportedOperationException();
  }

  public Optional<CapturedMail> message(int id) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
