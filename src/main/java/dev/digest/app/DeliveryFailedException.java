package dev.digest.app;

/** A send could not be carried out at all (not a per-subscriber failure). */
public final class DeliveryFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeliveryFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
