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

  @Override
  void close();
}
