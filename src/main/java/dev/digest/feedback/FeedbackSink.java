package dev.digest.feedback;

import dev.digest.bounce.Feedback;

/**
 * Where everything that comes back after a send goes: the {@code digest bounces process} command,
 * the IMAP poller of {@code serve}, the embedded dev SMTP server and the relays' webhooks all hand
 * their messages or events here, and one processor matches and applies them.
 *
 * <p>When a method returns, its effect is committed: a mailbox may then move or flag the message.
 * Bad input (an unverifiable token, an unknown Message-ID, malformed MIME, an oversized message) is
 * never an exception: it is an outcome that changed nothing, with a one-line reason.
 */
public interface FeedbackSink {

  /** Parses one raw RFC 5322 message and applies what it says. */
  Outcome acceptMessage(byte[] rawMessage, String source);

  /** Applies one event a relay's webhook reported, its signature already checked. */
  Outcome acceptEvent(Feedback feedback);

  /**
   * What happened to one message or event.
   *
   * @param changed whether a subscriber's state changed (or a soft bounce was counted)
   * @param summary one line for the log: what was read, whom it concerned, what was done or why not
   */
  record Outcome(boolean changed, String summary) {}
}
