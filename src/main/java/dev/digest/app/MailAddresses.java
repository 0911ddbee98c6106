package dev.digest.app;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** Small helpers on the configured mailboxes. */
final class MailAddresses {

  /** The domain of a mailbox such as {@code "Brief <brief@example.org>"}; "localhost" if none. */
  static String domainOf(String mailbox) {
    try {
      String address = new InternetAddress(mailbox).getAddress();
      int at = address.lastIndexOf('@');
      return at < 0 ? "localhost" : address.substring(at + 1);
    } catch (AddressException e) {
      return "localhost";
    }
  }

  private MailAddresses() {}
}
