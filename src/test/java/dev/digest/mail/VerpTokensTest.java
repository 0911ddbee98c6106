package dev.digest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.mail.VerpTokens.Delivery;
import dev.digest.mail.VerpTokens.Purpose;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class VerpTokensTest {

  private final VerpTokens tokens =
      new VerpTokens("a secret of sixteen bytes or more".getBytes(StandardCharsets.UTF_8));

  @Test
  void aTokenNamesItsDeliveryAndPurpose() {
    String address = tokens.address("brief@example.org", Purpose.BOUNCE, 12, 345);
    assertThat(address).matches("brief\\+[a-z2-7]+@example\\.org");
    String sub = address.substring(6, address.indexOf('@'));
    assertThat(tokens.verify(sub)).contains(new Delivery(Purpose.BOUNCE, 12, 345));
    // Mail systems may upper-case a local part.
    assertThat(tokens.verify(sub.toUpperCase(Locale.ROOT)))
        .contains(new Delivery(Purpose.BOUNCE, 12, 345));

    String unsub = tokens.address("brief@example.org", Purpose.UNSUBSCRIBE, 12, 345);
    assertThat(unsub).startsWith("brief+u-");
    assertThat(tokens.verify(unsub.substring(6, unsub.indexOf('@'))))
        .contains(new Delivery(Purpose.UNSUBSCRIBE, 12, 345));
  }

  @Test
  void aBounceTokenIsNoUnsubscribeTokenAndTheOtherWayRound() {
    String bounce = tokens.token(Purpose.BOUNCE, 1, 2);
    String unsub = tokens.token(Purpose.UNSUBSCRIBE, 1, 2);
    assertThat(tokens.verify("u-" + bounce)).isEmpty();
    assertThat(tokens.verify(unsub)).isEmpty();
  }

  @Test
  void everySingleCharacterChangeFails() {
    String t = tokens.token(Purpose.BOUNCE, 7, 123_456);
    char[] alphabet = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    for (int i = 0; i < t.length(); i++) {
      for (char c : alphabet) {
        if (c != t.charAt(i)) {
          String changed = t.substring(0, i) + c + t.substring(i + 1);
          assertThat(tokens.verify(changed)).as(changed).isEmpty();
        }
      }
    }
    assertThat(tokens.verify(t.substring(1))).isEmpty();
    assertThat(tokens.verify(t + "a")).isEmpty();
    assertThat(tokens.verify("")).isEmpty();
    assertThat(tokens.verify("not-base32!")).isEmpty();
  }

  @Test
  void anotherSecretsTokensDoNotVerify() {
    VerpTokens other =
        new VerpTokens("another secret, sixteen+ bytes".getBytes(StandardCharsets.UTF_8));
    assertThat(other.verify(tokens.token(Purpose.BOUNCE, 1, 2))).isEmpty();
  }

  @Test
  void largeIdsStayInsideTheLocalPartLimit() {
    long big = (1L << 35) - 1;
    String address =
        tokens.address("newsletter-bounces@example.org", Purpose.UNSUBSCRIBE, big, big);
    String local = address.substring(0, address.indexOf('@'));
    assertThat(local.length()).isLessThanOrEqualTo(VerpTokens.MAX_LOCAL_PART);
    assertThat(tokens.token(Purpose.BOUNCE, big, big)).hasSize(32);
    assertThat(tokens.verify(local.substring(local.indexOf('+') + 1)))
        .contains(new Delivery(Purpose.UNSUBSCRIBE, big, big));
    // A base too long for a token keeps the plain address rather than an invalid one.
    String longBase = "a".repeat(50) + "@example.org";
    assertThat(tokens.address(longBase, Purpose.BOUNCE, 1, 1)).isEqualTo(longBase);
  }
}
