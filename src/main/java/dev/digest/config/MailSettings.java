package dev.digest.config;

import java.util.Optional;

/**
 * The {@code mail:} section.
 *
 * @param from RFC 5322 mailbox, e.g. {@code "The Weekly Brief <brief@example.org>"}
 * @param replyTo optional Reply-To mailbox (empty when not set)
 * @param unsubscribeMailto address for the mailto: part of List-Unsubscribe (defaults to From's
 *     address)
 * @param ratePerSecond global cap on messages handed to SMTP per second (0 = unlimited)
 * @param pool number of SMTP connections used in parallel
 * @param bounces where returned mail goes ({@code mail.bounces})
 */
public record MailSettings(
    String from,
    String replyTo,
    String unsubscribeMailto,
    SmtpSettings smtp,
    double ratePerSecond,
    int pool,
    Optional<DkimSettings> dkim,
    BounceSettings bounces) {

  /** Settings with the default {@code mail.bounces} (VERP on the From address). */
  public MailSettings(
      String from,
      String replyTo,
      String unsubscribeMailto,
      SmtpSettings smtp,
      double ratePerSecond,
      int pool,
      Optional<DkimSettings> dkim) {
    this(
        from,
        replyTo,
        unsubscribeMailto,
        smtp,
        ratePerSecond,
        pool,
        dkim,
        BounceSettings.defaultsFor(bareAddress(from)));
  }

  private static String bareAddress(String mailbox) {
    try {
      return new jakarta.mail.internet.InternetAddress(mailbox).getAddress();
    } catch (jakarta.mail.internet.AddressException e) {
      throw new IllegalArgumentException("not a mailbox: " + mailbox, e);
    }
  }

  /** True when no SMTP host is configured: the embedded dev SMTP server takes all mail. */
  public boolean embeddedSmtp() {
    return smtp.host().isBlank();
  }
}
