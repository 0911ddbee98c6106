package dev.digest.feedback.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Postmark signs nothing; its webhooks carry HTTP basic auth when the webhook URL holds {@code
 * user:password@}. The {@code Authorization} header must then be exactly that, compared in constant
 * time.
 */
public final class PostmarkAuth {

  private final byte[] expected;

  /**
   * @param userColonPassword {@code user:password}, as in {@code mail.bounces.webhooks}
   */
  public PostmarkAuth(String userColonPassword) {
    this.expected =
        ("Basic "
                + Base64.getEncoder()
                    .encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** Empty when the header carries the configured credentials; otherwise one line why not. */
  public String check(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      return "Postmark post without basic auth";
    }
    return MessageDigest.isEqual(
            expected, authorizationHeader.trim().getBytes(StandardCharsets.UTF_8))
        ? ""
        : "Postmark basic auth does not match";
  }
}
