package dev.digest.mail;

import dev.digest.config.MailSettings;

/** Sends over SMTP with Jakarta Mail (Angus), reusing connections. Thread-safe. */
public final class SmtpMailer implements Mailer {

  public SmtpMailer(MailSettings settings) {
    throw new UnsupportedOperationException("mail helper implements this");
  }

  @Override
  public void send(OutgoingMail mail) throws MailException {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
