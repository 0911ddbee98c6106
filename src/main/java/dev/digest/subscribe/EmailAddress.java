package dev.digest.subscribe;

import java.net.IDN;
import java.util.Locale;

/**
 * A validated mailbox address: {@code local@domain}, the domain in ASCII (IDNA, RFC 5891), no
 * characters that could end a header line. Only addresses that pass can reach a mail header, so
 * header injection ({@code a@b.c\r\nBcc: x@y.z}) is impossible by construction.
 *
 * @param value the address as it is stored and mailed to
 */
public record EmailAddress(String value) {

  /** RFC 5321 section 4.5.3.1.3: a path is at most 256 octets, so an address at most 254. */
  public static final int MAX_LENGTH = 254;

  private static final int MAX_LOCAL = 64;
  private static final String ATEXT = "!#$%&'*+/=?^_`{|}~-";

  /** The lower-case form that makes two spellings of one address equal. */
  public String key() {
    return value.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return value;
  }

  /**
   * Parses and validates user input (surrounding spaces are ignored).
   *
   * @throws InvalidAddressException with a reason safe to show
   */
  public static EmailAddress parse(String raw) {
    if (raw == null) {
      throw new InvalidAddressException("Please enter an e-mail address.");
    }
    for (int i = 0; i < raw.length(); i++) {
      char ch = raw.charAt(i);
      // CR, LF and every other control character: they would end or corrupt a header line.
      if (Character.getType(ch) == Character.CONTROL || ch == '\u2028' || ch == '\u2029') {
        throw new InvalidAddressException("The address contains a control character.");
      }
    }
    String s = raw.strip();
    if (s.isEmpty()) {
      throw new InvalidAddressException("Please enter an e-mail address.");
    }
    if (s.length() > MAX_LENGTH) {
      throw new InvalidAddressException("The address is too long.");
    }
    int at = s.lastIndexOf('@');
    if (at <= 0 || at == s.length() - 1 || s.indexOf('@') != at) {
      throw new InvalidAddressException(
          "The address needs exactly one @ between a name and a domain.");
    }
    String local = s.substring(0, at);
    String domain = s.substring(at + 1);
    checkLocal(local);
    String ascii = asciiDomain(domain);
    String value = local + "@" + ascii;
    if (value.length() > MAX_LENGTH) {
      throw new InvalidAddressException("The address is too long.");
    }
    return new EmailAddress(value);
  }

  /** True when {@link #parse} accepts {@code raw}. */
  public static boolean isValid(String raw) {
    try {
      parse(raw);
      return true;
    } catch (InvalidAddressException e) {
      return false;
    }
  }

  // Dot-atom only (RFC 5322 section 3.4.1): quoted local parts are legal but are almost always
  // typos or abuse in a sign-up form.
  private static void checkLocal(String local) {
    if (local.length() > MAX_LOCAL) {
      throw new InvalidAddressException("The part before the @ is too long.");
    }
    if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      throw new InvalidAddressException("The part before the @ has a misplaced dot.");
    }
    for (int i = 0; i < local.length(); i++) {
      char ch = local.charAt(i);
      boolean ok =
          (ch >= 'a' && ch <= 'z')
              || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9')
              || ch == '.'
              || ATEXT.indexOf(ch) >= 0;
      if (!ok) {
        throw new InvalidAddressException(
            "The part before the @ contains a character that is not allowed.");
      }
    }
  }

  private static String asciiDomain(String domain) {
    if (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    String ascii;
    try {
      ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new InvalidAddressException("The domain is not a valid domain name.");
    }
    if (ascii.isEmpty() || ascii.length() > 253) {
      throw new InvalidAddressException("The domain is not a valid domain name.");
    }
    String[] labels = ascii.split("\\.", -1);
    if (labels.length < 2) {
      throw new InvalidAddressException("The domain needs a dot, as in example.org.");
    }
    for (String label : labels) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
        throw new InvalidAddressException("The domain is not a valid domain name.");
      }
      for (int i = 0; i < label.length(); i++) {
        char ch = label.charAt(i);
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) {
          throw new InvalidAddressException("The domain is not a valid domain name.");
        }
      }
    }
    if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
      throw new InvalidAddressException("The domain is not a valid domain name.");
    }
    return ascii;
  }
}
