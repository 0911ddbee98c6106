package dev.digest.mail;

/** A message was not accepted. Permanent means the server said 5xx: retrying will not help. */
public final class MailException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean permanent;

  public MailException(String message, boolean permanent, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
  }

  public boolean permanent() {
    return permanent;
  }
}
