package dev.digest.feedback.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mailgun's webhook signature: the hex HMAC-SHA256, keyed with the account's webhook signing key,
 * of the post's {@code timestamp} followed by its {@code token}. A post older (or newer) than
 * {@link #MAX_AGE} is refused too, so a captured post cannot be replayed days later.
 */
public final class MailgunSignature {

  /** Mailgun retries a failed post for about 8 hours, each retry signed afresh. */
  static final Duration MAX_AGE = Duration.ofMinutes(15);

  private final byte[] key;

  public MailgunSignature(String signingKey) {
    if (signingKey.isEmpty()) {
      throw new IllegalArgumentException("no Mailgun signing key");
    }
    this.key = signingKey.getBytes(StandardCharsets.UTF_8);
  }

  /** Empty when the post is Mailgun's and fresh; otherwise one line why not. */
  public String check(MailgunReader.Post post, Instant now) {
    long seconds;
    try {
      seconds = Long.parseLong(post.timestamp());
    } catch (NumberFormatException e) {
      return "Mailgun signature: timestamp \""
          + Json.oneLine(post.timestamp())
          + "\" is not a number";
    }
    Duration age = Duration.between(Instant.ofEpochSecond(seconds), now).abs();
    if (age.compareTo(MAX_AGE) > 0) {
      return "Mailgun signature: timestamp is "
          + age.toMinutes()
          + " minutes from now (at most "
          + MAX_AGE.toMinutes()
          + ")";
    }
    byte[] expected = sign(post.timestamp() + post.token()).getBytes(StandardCharsets.US_ASCII);
    byte[] given = post.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? "" : "Mailgun signature does not verify";
  }

  private String sign(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
