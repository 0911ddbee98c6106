package dev.digest.feedback.webhook;

/** A webhook body that is not what its provider sends: one line why, answered with 400. */
public final class MalformedPayloadException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedPayloadException(String reason) {
    super(reason);
  }
}
