package dev.digest.mail;

/**
 * A message was not accepted. Permanent means the server said 5xx: retrying will not help.
 * Unconfirmed means the connection failed after the message's end went out and before the server's
 * reply came back: the server may have taken it, and a retry may deliver it twice.
 */
public final class MailException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean permanent;
  private final boolean unconfirmed;
  private final int replyCode;

  public MailException(String message, boolean permanent, Throwable cause) {
    this(message, permanent, false, cause);
  }

  public MailException(String message, boolean permanent, boolean unconfirmed, Throwable cause) {
    this(message, permanent, unconfirmed, -1, cause);
  }

  /** The server refused the message with {@code replyCode}: 5xx is permanent. */
  public MailException(String message, int replyCode, Throwable cause) {
    this(message, replyCode >= 500 && replyCode < 600, false, replyCode, cause);
  }

  private MailException(
      String message, boolean permanent, boolean unconfirmed, int replyCode, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
    this.unconfirmed = unconfirmed;
    this.replyCode = replyCode;
  }

  public boolean permanent() {
    return permanent;
  }

  public boolean unconfirmed() {
    return unconfirmed;
  }

  /**
   * Whether the server itself answered this message with a refusal (an SMTP reply code other than
   * 421, which closes the connection for every message): proof the server is up, so a transient
   * refusal is about this message or address. A connection refused, a timeout or a reset is not.
   */
  public boolean serverAnswered() {
    return replyCode >= 0 && replyCode != 421;
  }
}
