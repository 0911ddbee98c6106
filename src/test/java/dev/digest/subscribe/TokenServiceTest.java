package dev.digest.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  static TokenService at(Instant t) {
    return new TokenService(SECRET, Clock.fixed(t, ZoneOffset.UTC));
  }

  @Test
  void confirmTokenIsValidForSevenDaysThenExpired() {
    String token = at(T0).confirmToken(42);
    assertThat(at(T0.plus(Duration.ofDays(6))).verify(token, TokenService.Purpose.CONFIRM))
        .isEqualTo(new TokenService.Check.Valid(42));
    assertThat(
            at(T0.plus(Duration.ofDays(7)).plusSeconds(1))
                .verify(token, TokenService.Purpose.CONFIRM))
        .isEqualTo(new TokenService.Check.Expired(42));
  }

  @Test
  void unsubscribeTokenNeverExpires() {
    String token = at(T0).unsubscribeToken(7);
    assertThat(at(T0.plus(Duration.ofDays(3650))).verify(token, TokenService.Purpose.UNSUBSCRIBE))
        .isEqualTo(new TokenService.Check.Valid(7));
  }

  @Test
  void wrongPurposeIsInvalid() {
    TokenService t = at(T0);
    assertThat(t.verify(t.unsubscribeToken(7), TokenService.Purpose.CONFIRM))
        .isInstanceOf(TokenService.Check.Invalid.class);
    assertThat(t.verify(t.confirmToken(7), TokenService.Purpose.UNSUBSCRIBE))
        .isInstanceOf(TokenService.Check.Invalid.class);
  }

  @Test
  void forgeriesAreInvalid() {
    TokenService t = at(T0);
    String good = t.unsubscribeToken(7);
    String[] p = good.split("\\.");
    String otherId = p[0] + ".8." + p[2] + "." + p[3];
    String longerExpiry = t.confirmToken(7).replaceFirst("\\.(\\d+)\\.", ".9999999999.");
    String sig = p[3];
    String flipped =
        p[0]
            + "."
            + p[1]
            + "."
            + p[2]
            + "."
            + (sig.charAt(0) == 'A' ? 'B' : 'A')
            + sig.substring(1);
    TokenService otherKey =
        new TokenService(
            "another-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8),
            Clock.fixed(T0, ZoneOffset.UTC));
    for (String forged :
        new String[] {
          otherId,
          flipped,
          "u.7.0",
          "",
          "u.7.0.",
          "a.b.c.d",
          good + ".x",
          "u.7.0.!!!!",
          otherKey.unsubscribeToken(7),
          p[0] + "." + p[1] + "." + p[2] + "." + Base64.getUrlEncoder().encodeToString(new byte[32])
        }) {
      assertThat(t.verify(forged, TokenService.Purpose.UNSUBSCRIBE))
          .as(forged)
          .isInstanceOf(TokenService.Check.Invalid.class);
    }
    assertThat(t.verify(longerExpiry, TokenService.Purpose.CONFIRM))
        .isInstanceOf(TokenService.Check.Invalid.class);
    assertThat(t.verify(null, TokenService.Purpose.CONFIRM))
        .isInstanceOf(TokenService.Check.Invalid.class);
  }

  @Test
  void tokensAreUrlSafeAndCarryNoAddress() {
    String token = at(T0).confirmToken(123456);
    assertThat(token).matches("[A-Za-z0-9_.-]+").doesNotContain("@");
  }
}
