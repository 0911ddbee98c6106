package dev.digest.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code mail.bounces:} section: where returned mail goes and what it takes to suppress.
 *
 * @param address the bare envelope-sender address; each message's {@code MAIL FROM} is its VERP
 *     form {@code local+TOKEN@domain} (defaults to the From address: most mail servers deliver
 *     {@code local+anything} to {@code local})
 * @param softLimit soft bounces in a row, within {@code softWindow}, that suppress an address
 * @param softWindow how far back soft bounces count
 * @param imap the mailbox {@code serve} polls for returned mail, when configured
 * @param webhooks the relays' webhooks ({@code mail.bounces.webhooks})
 */
public record BounceSettings(
    String address,
    int softLimit,
    Duration softWindow,
    Optional<ImapSettings> imap,
    WebhookSettings webhooks) {

  /** Three soft bounces in fifteen days: see {@link ConfigLoader} for why. */
  public static final int DEFAULT_SOFT_LIMIT = 3;

  public static final Duration DEFAULT_SOFT_WINDOW = Duration.ofDays(15);

  /** The defaults for a From address: VERP on it, no mailbox polled. */
  public static BounceSettings defaultsFor(String fromAddress) {
    return new BounceSettings(
        fromAddress,
        DEFAULT_SOFT_LIMIT,
        DEFAULT_SOFT_WINDOW,
        Optional.empty(),
        WebhookSettings.OFF);
  }

  /**
   * The mailbox {@code serve} polls ({@code mail.bounces.imap}).
   *
   * @param security {@code none}, {@code starttls} (required) or {@code tls} (implicit, port 993)
   * @param folder the folder read (processed messages are moved to {@code <folder>.processed} or
   *     flagged, never deleted before their effect is committed)
   * @param pollEvery how often the folder is read when the server offers no IDLE
   */
  public record ImapSettings(
      String host,
      int port,
      String username,
      String password,
      SmtpSettings.Security security,
      String folder,
      Duration pollEvery) {

    /** The password is a secret: never printed or logged with the settings. */
    @Override
    public String toString() {
      return "ImapSettings[host="
          + host
          + ", port="
          + port
          + ", username="
          + username
          + ", password="
          + Secrets.mask(password)
          + ", security="
          + security
          + ", folder="
          + folder
          + ", pollEvery="
          + pollEvery
          + "]";
    }
  }
}
