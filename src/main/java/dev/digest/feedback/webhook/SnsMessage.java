package dev.digest.feedback.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One Amazon SNS HTTP(S) delivery: the JSON envelope around a notification, or a subscription's
 * confirmation request. Holds exactly the fields its signature covers.
 *
 * @param type {@code Notification}, {@code SubscriptionConfirmation} or {@code
 *     UnsubscribeConfirmation}
 * @param subject the notification's Subject, "" when it has none (then it is not signed either)
 * @param subscribeUrl for the two confirmation types: the URL that confirms, "" otherwise
 * @param token for the two confirmation types: the confirmation token, "" otherwise
 */
public record SnsMessage(
    String type,
    String messageId,
    String topicArn,
    String subject,
    String message,
    String timestamp,
    String signatureVersion,
    String signature,
    String signingCertUrl,
    String subscribeUrl,
    String token) {

  public static final String NOTIFICATION = "Notification";
  public static final String SUBSCRIPTION_CONFIRMATION = "SubscriptionConfirmation";
  public static final String UNSUBSCRIBE_CONFIRMATION = "UnsubscribeConfirmation";

  /** Reads an SNS envelope; every field its type signs must be there. */
  public static SnsMessage parse(byte[] body) throws MalformedPayloadException {
    JsonNode n = Json.parse(body, "SNS message");
    if (!n.isObject()) {
      throw new MalformedPayloadException("SNS message: expected a JSON object");
    }
    SnsMessage m =
        new SnsMessage(
            Json.text(n, "Type"),
            Json.text(n, "MessageId"),
            Json.text(n, "TopicArn"),
            Json.text(n, "Subject"),
            Json.text(n, "Message"),
            Json.text(n, "Timestamp"),
            Json.text(n, "SignatureVersion"),
            Json.text(n, "Signature"),
            Json.text(n, "SigningCertURL"),
            Json.text(n, "SubscribeURL"),
            Json.text(n, "Token"));
    if (!List.of(NOTIFICATION, SUBSCRIPTION_CONFIRMATION, UNSUBSCRIBE_CONFIRMATION)
        .contains(m.type())) {
      throw new MalformedPayloadException(
          "SNS message: unknown Type \"" + Json.oneLine(m.type()) + "\"");
    }
    for (String[] field :
        new String[][] {
          {"MessageId", m.messageId()},
          {"TopicArn", m.topicArn()},
          {"Message", m.message()},
          {"Timestamp", m.timestamp()},
          {"Signature", m.signature()},
          {"SigningCertURL", m.signingCertUrl()}
        }) {
      if (field[1].isEmpty()) {
        throw new MalformedPayloadException("SNS message: no " + field[0]);
      }
    }
    if (!m.isNotification() && (m.subscribeUrl().isEmpty() || m.token().isEmpty())) {
      throw new MalformedPayloadException("SNS " + m.type() + ": no SubscribeURL or Token");
    }
    return m;
  }

  public boolean isNotification() {
    return type.equals(NOTIFICATION);
  }

  /**
   * The string SNS signs: for each signed field in byte order of its name, the name, a newline, the
   * value, a newline. A notification signs Subject only when it has one; the confirmations sign
   * SubscribeURL and Token instead.
   */
  public byte[] canonicalString() {
    StringBuilder sb = new StringBuilder();
    add(sb, "Message", message);
    add(sb, "MessageId", messageId);
    if (isNotification()) {
      if (!subject.isEmpty()) {
        add(sb, "Subject", subject);
      }
    } else {
      add(sb, "SubscribeURL", subscribeUrl);
    }
    add(sb, "Timestamp", timestamp);
    if (!isNotification()) {
      add(sb, "Token", token);
    }
    add(sb, "TopicArn", topicArn);
    add(sb, "Type", type);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void add(StringBuilder sb, String name, String value) {
    sb.append(name).append('\n').append(value).append('\n');
  }
}
