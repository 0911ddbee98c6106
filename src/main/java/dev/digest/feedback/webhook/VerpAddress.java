package dev.digest.feedback.webhook;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the VERP token in text that names digest's envelope sender: {@code local+TOKEN@domain} of
 * the bounce address ({@code mail.bounces.address}), the token lowercased. Any other address, and a
 * subaddress that is not a token ({@code [a-z2-7]+}, base32), yields nothing.
 */
final class VerpAddress {

  private final Pattern form;

  VerpAddress(String bounceAddress) {
    Objects.requireNonNull(bounceAddress, "bounceAddress");
    int at = bounceAddress.lastIndexOf('@');
    if (at <= 0 || at == bounceAddress.length() - 1) {
      throw new IllegalArgumentException("not an address: " + bounceAddress);
    }
    String local = bounceAddress.substring(0, at);
    String domain = bounceAddress.substring(at + 1);
    // Local parts compare case-insensitively here: relays lowercase them on the way back.
    this.form =
        Pattern.compile(
            "(?<![\\w.+-])"
                + Pattern.quote(local)
                + "\\+([a-z2-7]+)@"
                + Pattern.quote(domain)
                + "(?![\\w-]|\\.[\\w-])",
            Pattern.CASE_INSENSITIVE);
  }

  /** The token of the first VERP form of the bounce address in any of {@code texts}. */
  Optional<String> token(String... texts) {
    for (String t : texts) {
      if (t == null || t.isEmpty()) {
        continue;
      }
      Matcher m = form.matcher(t);
      if (m.find()) {
        return Optional.of(m.group(1).toLowerCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }
}
