package dev.digest.mail;

/**
 * Sends messages. Implementations are thread-safe: the delivery stage calls {@link #send} from
 * several workers at once.
 */
public interface Mailer extends AutoCloseable {

  /**
   * Hands one message to the mail system. Returns when the server accepted it.
   *
   * @throws MailException with {@link MailException#permanent()} telling a 5xx rejection from a
   *     transient failure worth retrying
   */
  void send(OutgoingMail mail) throws MailException;

  /**
   * As {@link #send(OutgoingMail)}, but the message is handed over (the step after which the server
   * has taken it) only once {@code beforeHandOff} has returned. If it throws, the message is
   * abandoned unsent and {@code send} fails; the caller knows why. SMTP runs it just before the end
   * of DATA, so a wait in it overlaps the transfer; this default runs it first.
   */
  default void send(OutgoingMail mail, Runnable beforeHandOff) throws MailException {
    beforeHandOff.run();
    send(mail);
  }

  @Override
  void close();
}
