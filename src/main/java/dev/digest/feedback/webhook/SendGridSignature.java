package dev.digest.feedback.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * SendGrid's signed Event Webhook: an ECDSA (P-256, SHA-256) signature, base64 DER in the {@code
 * X-Twilio-Email-Event-Webhook-Signature} header, over the {@code
 * X-Twilio-Email-Event-Webhook-Timestamp} header's value followed by the raw body. The key is the
 * verification key SendGrid shows, base64 of the DER public key.
 */
public final class SendGridSignature {

  public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
  public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

  private final PublicKey key;

  /**
   * @throws IllegalArgumentException when the key is not a base64 EC public key
   */
  public SendGridSignature(String publicKeyBase64) {
    try {
      byte[] der = Base64.getMimeDecoder().decode(publicKeyBase64.trim());
      this.key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "mail.bounces.webhooks.sendgrid-public-key is not a base64 EC public key: "
              + e.getMessage(),
          e);
    }
  }

  /** Empty when the signature verifies; otherwise one line why not. */
  public String check(String signatureHeader, String timestampHeader, byte[] body) {
    if (signatureHeader == null
        || signatureHeader.isBlank()
        || timestampHeader == null
        || timestampHeader.isBlank()) {
      return "SendGrid signature: no " + SIGNATURE_HEADER + " or " + TIMESTAMP_HEADER + " header";
    }
    try {
      byte[] sig = Base64.getDecoder().decode(signatureHeader.trim());
      Signature v = Signature.getInstance("SHA256withECDSA");
      v.initVerify(key);
      v.update(timestampHeader.getBytes(StandardCharsets.UTF_8));
      v.update(body);
      return v.verify(sig) ? "" : "SendGrid signature does not verify";
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      // A signature that is not base64 or not DER is a bad signature, not a server error.
      return "SendGrid signature is malformed: " + Json.oneLine(String.valueOf(e.getMessage()));
    }
  }
}
