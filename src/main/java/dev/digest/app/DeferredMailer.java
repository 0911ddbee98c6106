package dev.digest.app;

import dev.digest.mail.MailException;
import dev.digest.mail.Mailer;
import dev.digest.mail.OutgoingMail;
import java.util.function.Supplier;

/**
 * A mailer made on its first send. The services that may mail (subscriptions, welcome, delivery)
 * are built for other reasons too, such as an unsubscribe link in a preview; making the SMTP mailer
 * then would start the embedded dev SMTP server for a command that sends nothing.
 */
final class DeferredMailer implements Mailer {

  private final Lazy<Mailer> real;

  DeferredMailer(Supplier<? extends Mailer> make) {
    this.real = new Lazy<>(make::get);
  }

  @Override
  public void send(OutgoingMail mail) throws MailException {
    real.get().send(mail);
  }

  @Override
  public void send(OutgoingMail mail, Runnable beforeHandOff) throws MailException {
    real.get().send(mail, beforeHandOff);
  }

  @Override
  public void close() {
    // The real mailer, once made, is closed by its owner (DigestApp) with its other parts.
  }
}
