package dev.digest.feed;

/** A body that is not a feed we can read; the message is one line for people. */
public final class FeedParseException extends Exception {
  public FeedParseException(String message) {
    super(message);
  }

  public FeedParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
