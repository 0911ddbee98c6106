package dev.digest.mail;

import dev.digest.config.MailSettings;

/** Turns an {@link OutgoingMail} into RFC 5322 bytes (CRLF line ends), DKIM-signed when configured. */
public final class MimeMessages {

  public MimeMessages(MailSettings settings) {
    throw new UnsupportedOperationException("mail helper implements this");
  }

  public byte[] toBytes(OutgoingMail mail) {
    throw new UnsupportedOperationException();
  }
}
