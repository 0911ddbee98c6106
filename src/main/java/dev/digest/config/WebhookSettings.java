package dev.digest.config;

/**
 * The {@code mail.bounces.webhooks:} section: the relays' webhooks, each at {@code POST
 * /webhooks/{provider}/{secret}}.
 *
 * @param secret the path segment every webhook URL carries; empty turns webhooks off (404)
 * @param sesTopicArn the SNS topic whose notifications and subscription requests are accepted; the
 *     {@code ses} webhook is off without it (any AWS account can sign for its own topics)
 * @param mailgunSigningKey Mailgun's webhook signing key; the {@code mailgun} webhook is off
 *     without it
 * @param sendgridPublicKey the signed Event Webhook's verification key (base64 of the DER public
 *     key, as SendGrid shows it); when empty, SendGrid posts are accepted on the secret alone
 * @param postmarkBasicAuth {@code user:password} that Postmark posts must carry as HTTP basic auth
 *     ({@code https://user:password@host/...} in Postmark's webhook URL); empty: none asked
 */
public record WebhookSettings(
    String secret,
    String sesTopicArn,
    String mailgunSigningKey,
    String sendgridPublicKey,
    String postmarkBasicAuth) {

  /** No webhooks. */
  public static final WebhookSettings OFF = new WebhookSettings("", "", "", "", "");

  public boolean enabled() {
    return !secret.isEmpty();
  }

  /** The secret, the signing key and the password are secrets: never printed or logged. */
  @Override
  public String toString() {
    return "WebhookSettings[secret="
        + Secrets.mask(secret)
        + ", sesTopicArn="
        + sesTopicArn
        + ", mailgunSigningKey="
        + Secrets.mask(mailgunSigningKey)
        + ", sendgridPublicKey="
        + (sendgridPublicKey.isEmpty() ? "" : "(set)")
        + ", postmarkBasicAuth="
        + Secrets.mask(postmarkBasicAuth)
        + "]";
  }
}
