package dev.digest.subscribe;

/** An e-mail address was refused; {@link #getMessage()} is safe to show to the reader. */
public final class InvalidAddressException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidAddressException(String reason) {
    super(reason);
  }
}
