package dev.digest.opml;

/** An OPML file that cannot be read; the message is one line naming the file (and line:column). */
public final class OpmlException extends Exception {
  private static final long serialVersionUID = 1L;

  public OpmlException(String message) {
    super(message);
  }
}
