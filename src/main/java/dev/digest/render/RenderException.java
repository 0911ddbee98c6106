package dev.digest.render;

/** A template could not be rendered; the message names the template file and line. */
public final class RenderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RenderException(String message, Throwable cause) {
    super(message, cause);
  }
}
