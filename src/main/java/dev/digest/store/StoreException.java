package dev.digest.store;

/**
 * A database operation failed; wraps the {@link java.sql.SQLException} with what was being done.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String what, Throwable cause) {
    super(what + ": " + cause.getMessage(), cause);
  }
}
