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

  public MailException(String message, boolean permanent, Throwable cause) {
    this(message, permanent, false, cause);
  }

  public MailException(String message, boolean permanent, boolean unconfirmed, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
    this.unconfirmed = unconfirmed;
  }

  public boolean permanent() {
    return permanent;
  }

  public boolean unconfirmed() {
    return unconfirmed;
  }
}
