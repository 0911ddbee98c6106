package dev.digest.feedback.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The webhook payloads under src/test/resources/dev/digest/feedback/webhook/. */
final class Fixtures {

  static final String BOUNCE_ADDRESS = "brief@example.org";
  static final String TOPIC_ARN = "arn:aws:sns:eu-west-1:111122223333:digest-feedback";
  static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  /** An unsigned SNS Notification envelope around an SES notification fixture. */
  static ObjectNode snsNotification(String sesFixture) {
    ObjectNode n = JSON.createObjectNode();
    n.put("Type", "Notification");
    n.put("MessageId", "5f0c7e4a-1b2d-5c3e-9f4a-6b7c8d9e0f1a");
    n.put("TopicArn", TOPIC_ARN);
    n.put("Message", text(sesFixture));
    n.put("Timestamp", "2025-03-03T08:04:13.101Z");
    n.put("SignatureVersion", "2");
    n.put("Signature", "dW5zaWduZWQ=");
    n.put(
        "SigningCertURL",
        "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem");
    n.put(
        "UnsubscribeURL",
        "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
            + TOPIC_ARN
            + ":0d9f8e7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f");
    return n;
  }

  /** An unsigned SNS SubscriptionConfirmation for {@code topicArn}. */
  static ObjectNode snsSubscriptionConfirmation(String topicArn, String subscribeUrl) {
    ObjectNode n = JSON.createObjectNode();
    n.put("Type", "SubscriptionConfirmation");
    n.put("MessageId", "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    n.put("Token", "2336412f37fb687f5d51e6e2425a8a5872e4c9d1a3b7e8f0c6d2b4a9e1f3c5d7");
    n.put("TopicArn", topicArn);
    n.put(
        "Message",
        "You have chosen to subscribe to the topic "
            + topicArn
            + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.");
    n.put("SubscribeURL", subscribeUrl);
    n.put("Timestamp", "2025-03-01T12:00:00.000Z");
    n.put("SignatureVersion", "1");
    n.put("Signature", "dW5zaWduZWQ=");
    n.put(
        "SigningCertURL",
        "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem");
    return n;
  }

  static byte[] write(ObjectNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
