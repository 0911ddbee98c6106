package dev.digest.feedback;

import dev.digest.config.MailSettings;
import java.util.Locale;
import java.util.Objects;

/**
 * digest's own return addresses: the VERP forms {@code local+TOKEN@domain} of the bounce address
 * ({@code mail.bounces.address}) and {@code local+u-TOKEN@domain} of the unsubscribe mailto ({@code
 * mail.unsubscribe-mailto}). Mail addressed to one of them is feedback; mail to the bare addresses,
 * or to anyone else, is not. Local parts and domains compare case-insensitively, as the mail
 * servers that deliver them do. Immutable.
 */
public final class FeedbackAddresses {

  private final String bounceLocal;
  private final String bounceDomain;
  private final String unsubscribeLocal;
  private final String unsubscribeDomain;

  /** Both arguments are bare addresses ({@code brief@example.org}). */
  public FeedbackAddresses(String bounceAddress, String unsubscribeAddress) {
    String[] b = split(Objects.requireNonNull(bounceAddress, "bounceAddress"));
    String[] u = split(Objects.requireNonNull(unsubscribeAddress, "unsubscribeAddress"));
    bounceLocal = b[0] + "+";
    bounceDomain = b[1];
    unsubscribeLocal = u[0] + "+u-";
    unsubscribeDomain = u[1];
  }

  /** The addresses of a configuration (an unset unsubscribe mailto is the From address). */
  public static FeedbackAddresses of(MailSettings mail) {
    return new FeedbackAddresses(mail.bounces().address(), unsubscribeAddress(mail));
  }

  /** The bare address of the List-Unsubscribe mailto (the From address when unset). */
  public static String unsubscribeAddress(MailSettings mail) {
    String unsubscribe = mail.unsubscribeMailto();
    return bare(unsubscribe.isBlank() ? mail.from() : unsubscribe);
  }

  /** True when {@code address} (an envelope recipient) is one of the forms above. */
  public boolean isFeedbackRecipient(String address) {
    int at = address.lastIndexOf('@');
    if (at <= 0) {
      return false;
    }
    String local = address.substring(0, at).toLowerCase(Locale.ROOT);
    String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
    return hasToken(local, domain, bounceLocal, bounceDomain)
        || hasToken(local, domain, unsubscribeLocal, unsubscribeDomain);
  }

  private static boolean hasToken(String local, String domain, String prefix, String ownDomain) {
    return domain.equals(ownDomain) && local.length() > prefix.length() && local.startsWith(prefix);
  }

  private static String[] split(String address) {
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1) {
      throw new IllegalArgumentException("not a bare address: " + address);
    }
    return new String[] {
      address.substring(0, at).toLowerCase(Locale.ROOT),
      address.substring(at + 1).toLowerCase(Locale.ROOT)
    };
  }

  /** {@code brief@example.org} of {@code "The Brief <brief@example.org>"}. */
  private static String bare(String mailbox) {
    int lt = mailbox.lastIndexOf('<');
    if (lt < 0) {
      return mailbox.trim();
    }
    int gt = mailbox.indexOf('>', lt);
    return mailbox.substring(lt + 1, gt < 0 ? mailbox.length() : gt).trim();
  }
}
