package dev.digest.subscribe;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, tamper-proof links for confirm and unsubscribe: {@code purpose.subscriberId.expiry.sig}
 * where {@code sig} is HMAC-SHA256 (RFC 2104) over the first three fields, base64url without
 * padding. Tokens carry the subscriber's id, never the address. Confirm tokens expire; unsubscribe
 * tokens never do (an old digest's link must keep working, RFC 8058). Thread-safe.
 */
public final class TokenService {

  /** How long a confirmation link stays valid. */
  public static final Duration CONFIRM_VALIDITY = Duration.ofDays(7);

  private static final String ALGORITHM = "HmacSHA256";

  /** What a token allows. */
  public enum Purpose {
    CONFIRM("c"),
    UNSUBSCRIBE("u");

    private final String code;

    Purpose(String code) {
      this.code = code;
    }
  }

  /** The result of checking a token. */
  public sealed interface Check {
    /** Signed by us, for this purpose, not expired. */
    record Valid(long subscriberId) implements Check {}

    /** Genuine but too old. */
    record Expired(long subscriberId) implements Check {}

    /** Malformed, forged or for another purpose. */
    record Invalid() implements Check {}
  }

  private final SecretKeySpec key;
  private final Clock clock;

  public TokenService(byte[] secret, Clock clock) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 16) {
      throw new IllegalArgumentException("the token secret must be at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public String confirmToken(long subscriberId) {
    long expiry = clock.instant().plus(CONFIRM_VALIDITY).getEpochSecond();
    return token(Purpose.CONFIRM, subscriberId, expiry);
  }

  public String unsubscribeToken(long subscriberId) {
    return token(Purpose.UNSUBSCRIBE, subscriberId, 0);
  }

  /** Checks a token for {@code purpose}; never throws on bad input. */
  public Check verify(String token, Purpose purpose) {
    if (token == null || token.length() > 200) {
      return new Check.Invalid();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 4) {
      return new Check.Invalid();
    }
    String payload = parts[0] + "." + parts[1] + "." + parts[2];
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      return new Check.Invalid();
    }
    // Constant time: a timing difference must not reveal how much of a forgery was right.
    if (!MessageDigest.isEqual(given, mac(payload))) {
      return new Check.Invalid();
    }
    if (!parts[0].equals(purpose.code)) {
      return new Check.Invalid();
    }
    long id;
    long expiry;
    try {
      id = Long.parseLong(parts[1]);
      expiry = Long.parseLong(parts[2]);
    } catch (NumberFormatException e) {
      return new Check.Invalid();
    }
    if (expiry != 0 && clock.instant().getEpochSecond() > expiry) {
      return new Check.Expired(id);
    }
    return new Check.Valid(id);
  }

  private String token(Purpose purpose, long subscriberId, long expiry) {
    String payload = purpose.code + "." + subscriberId + "." + expiry;
    return payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(payload));
  }

  private byte[] mac(String payload) {
    try {
      // Mac instances are not thread-safe; creating one is cheap next to a database round trip.
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
