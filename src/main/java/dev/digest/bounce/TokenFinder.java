package dev.digest.bounce;

import java.util.Locale;
import java.util.Optional;

/**
 * Finds the subaddress of digest's own addresses in header text: {@code local+TOKEN@domain} (the
 * bounce address) and {@code local+u-TOKEN@domain} (the unsubscribe mailto). A token is lowercase
 * base32 ({@code [a-z2-7]}) of at most {@value #MAX_TOKEN} characters; anything else in that place
 * (another subaddress, a longer string, a token followed by more domain) is no token. One linear
 * scan per address form, no regular expressions: header values come from strangers. Immutable.
 */
final class TokenFinder {

  static final int MAX_TOKEN = 40;
  static final String UNSUBSCRIBE_PREFIX = "u-";

  private final String bouncePrefix;
  private final String bounceDomain;
  private final String unsubscribePrefix;
  private final String unsubscribeDomain;

  TokenFinder(String bounceAddress, String unsubscribeAddress) {
    String[] b = split(bounceAddress);
    String[] u = split(unsubscribeAddress);
    bouncePrefix = b == null ? null : b[0] + "+";
    bounceDomain = b == null ? null : b[1];
    unsubscribePrefix = u == null ? null : u[0] + "+" + UNSUBSCRIBE_PREFIX;
    unsubscribeDomain = u == null ? null : u[1];
  }

  /** The first token in {@code text} (either form, whichever comes first), lowercased. */
  Optional<String> find(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    String lower = text.toLowerCase(Locale.ROOT);
    int[] bounce = scan(lower, bouncePrefix, bounceDomain);
    int[] unsubscribe = scan(lower, unsubscribePrefix, unsubscribeDomain);
    if (bounce == null && unsubscribe == null) {
      return Optional.empty();
    }
    if (unsubscribe == null || (bounce != null && bounce[0] < unsubscribe[0])) {
      return Optional.of(lower.substring(bounce[1], bounce[2]));
    }
    // The whole subaddress, "u-" included: that is what tells the two forms apart.
    return Optional.of(
        lower.substring(unsubscribe[1] - UNSUBSCRIBE_PREFIX.length(), unsubscribe[2]));
  }

  /** True when {@code token} (as {@link #find} returns it) is of the unsubscribe form. */
  static boolean isUnsubscribe(String token) {
    return token.startsWith(UNSUBSCRIBE_PREFIX);
  }

  /** {start of the address, start of the token, end of the token}, or null. */
  private static int[] scan(String lower, String prefix, String domain) {
    if (prefix == null) {
      return null;
    }
    int from = 0;
    while (true) {
      int at = lower.indexOf(prefix, from);
      if (at < 0) {
        return null;
      }
      from = at + 1;
      if (at > 0 && isAddressChar(lower.charAt(at - 1))) {
        continue; // "xbrief+..." is someone else's address
      }
      int start = at + prefix.length();
      int end = start;
      int limit = Math.min(lower.length(), start + MAX_TOKEN + 1);
      while (end < limit && isBase32(lower.charAt(end))) {
        end++;
      }
      int length = end - start;
      if (length == 0 || length > MAX_TOKEN || end >= lower.length() || lower.charAt(end) != '@') {
        continue;
      }
      int domainEnd = end + 1 + domain.length();
      if (!lower.startsWith(domain, end + 1) || continuesDomain(lower, domainEnd)) {
        continue;
      }
      return new int[] {at, start, end};
    }
  }

  private static boolean continuesDomain(String s, int i) {
    if (i >= s.length()) {
      return false;
    }
    char c = s.charAt(i);
    if (c == '.') {
      // "...@example.org." ends a sentence; "...@example.org.evil.test" is another domain.
      return i + 1 < s.length() && isDomainChar(s.charAt(i + 1));
    }
    return isDomainChar(c);
  }

  private static boolean isDomainChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c > 0x7f;
  }

  /** RFC 5322 atext and the dot: a character that would make the local part a longer one. */
  private static boolean isAddressChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c > 0x7f
        || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0;
  }

  private static boolean isBase32(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
  }

  private static String[] split(String address) {
    String bare = address.trim();
    if (bare.startsWith("<") && bare.endsWith(">")) {
      bare = bare.substring(1, bare.length() - 1).trim();
    }
    int at = bare.lastIndexOf('@');
    if (at <= 0 || at == bare.length() - 1) {
      return null; // no such form: nothing can match it
    }
    return new String[] {
      bare.substring(0, at).toLowerCase(Locale.ROOT),
      bare.substring(at + 1).toLowerCase(Locale.ROOT)
    };
  }
}
