package dev.digest.feedback.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digest.bounce.Feedback;
import dev.digest.bounce.Feedback.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads Amazon SES's feedback notifications (the {@code Message} of an SNS notification): bounce,
 * complaint and delivery notifications, and the same events of an SES event destination (which
 * names its kind {@code eventType} where notifications say {@code notificationType}). One {@link
 * Feedback} per recipient the notification names. Pure.
 *
 * <p>Identity: the Message-ID digest wrote ({@code mail.commonHeaders.messageId}, else the {@code
 * Message-ID} of {@code mail.headers}; {@code mail.messageId} is SES's own id and never used) and
 * the VERP token of the envelope sender ({@code mail.source}, else the {@code Return-Path} header).
 */
public final class SesReader {

  private final VerpAddress verp;

  /**
   * @param bounceAddress the bare bounce address, whose VERP forms carry the token
   */
  public SesReader(String bounceAddress) {
    this.verp = new VerpAddress(bounceAddress);
  }

  /** Reads the SES notification an SNS {@code Notification} carries. */
  public List<Feedback> read(SnsMessage sns) throws MalformedPayloadException {
    return readNotification(sns.message());
  }

  /** Reads an SNS envelope and the SES notification inside it; confirmations yield nothing. */
  public List<Feedback> read(byte[] body) throws MalformedPayloadException {
    SnsMessage sns = SnsMessage.parse(body);
    return sns.isNotification() ? read(sns) : List.of();
  }

  List<Feedback> readNotification(String json) throws MalformedPayloadException {
    JsonNode n = Json.parse(json, "SES notification");
    if (!n.isObject() || !n.path("mail").isObject()) {
      throw new MalformedPayloadException("SES notification: no mail object");
    }
    String type = Json.text(n, "notificationType");
    if (type.isEmpty()) {
      type = Json.text(n, "eventType");
    }
    if (type.isEmpty()) {
      throw new MalformedPayloadException("SES notification: no notificationType or eventType");
    }
    JsonNode mail = n.path("mail");
    Identity id = identity(mail);
    List<Feedback> out = new ArrayList<>();
    switch (type) {
      case "Bounce" -> {
        JsonNode bounce = n.path("bounce");
        Kind kind = bounceKind(Json.text(bounce, "bounceType"));
        for (JsonNode r : recipients(bounce, "bouncedRecipients")) {
          String diagnostic = Json.text(r, "diagnosticCode");
          out.add(
              id.feedback(
                  kind,
                  Json.text(r, "emailAddress"),
                  Json.statusCode(Json.text(r, "status"), diagnostic),
                  diagnostic.isEmpty()
                      ? "SES "
                          + Json.text(bounce, "bounceType")
                          + "/"
                          + Json.text(bounce, "bounceSubType")
                      : diagnostic));
        }
      }
      case "Complaint" -> {
        JsonNode complaint = n.path("complaint");
        String feedbackType = Json.text(complaint, "complaintFeedbackType");
        // RFC 5965 "not-spam" is a reader saying the opposite of a complaint.
        Kind kind = feedbackType.equalsIgnoreCase("not-spam") ? Kind.IGNORED : Kind.COMPLAINT;
        for (JsonNode r : recipients(complaint, "complainedRecipients")) {
          out.add(
              id.feedback(
                  kind,
                  Json.text(r, "emailAddress"),
                  "",
                  "SES complaint" + (feedbackType.isEmpty() ? "" : ": " + feedbackType)));
        }
      }
      case "DeliveryDelay" -> {
        // A delay is what a DSN with Action: delayed says (RFC 3464): it counts as soft.
        JsonNode delay = n.path("deliveryDelay");
        for (JsonNode r : recipients(delay, "delayedRecipients")) {
          String diagnostic = Json.text(r, "diagnosticCode");
          out.add(
              id.feedback(
                  Kind.SOFT_BOUNCE,
                  Json.text(r, "emailAddress"),
                  Json.statusCode(Json.text(r, "status"), diagnostic),
                  diagnostic.isEmpty()
                      ? "SES delay: " + Json.text(delay, "delayType")
                      : diagnostic));
        }
      }
      default -> {
        // Delivery, Send, Open, Click, Reject, Rendering Failure, Subscription: nothing to act on.
        for (JsonNode r : mail.path("destination")) {
          out.add(id.feedback(Kind.IGNORED, r.asText(), "", "SES " + type));
        }
        if (out.isEmpty()) {
          out.add(id.feedback(Kind.IGNORED, "", "", "SES " + type));
        }
      }
    }
    return out;
  }

  /** Permanent is final; Transient and Undetermined count as soft (see {@link #bounceKind}). */
  static Kind bounceKind(String bounceType) {
    // Undetermined: SES could not tell why. Suppressing at once would punish good addresses for
    // a remote server's vague answer; ignoring it would keep mailing a dead one forever. As a soft
    // bounce it suppresses only when it repeats (mail.bounces.soft-limit).
    return bounceType.toLowerCase(Locale.ROOT).equals("permanent")
        ? Kind.HARD_BOUNCE
        : Kind.SOFT_BOUNCE;
  }

  private static List<JsonNode> recipients(JsonNode parent, String field)
      throws MalformedPayloadException {
    JsonNode list = parent.path(field);
    if (!list.isArray() || list.isEmpty()) {
      throw new MalformedPayloadException("SES notification: no " + field);
    }
    List<JsonNode> out = new ArrayList<>();
    list.forEach(out::add);
    return out;
  }

  private Identity identity(JsonNode mail) {
    String messageId = Json.text(mail, "commonHeaders", "messageId");
    String returnPath = "";
    for (JsonNode h : mail.path("headers")) {
      String name = Json.text(h, "name");
      if (messageId.isEmpty() && name.equalsIgnoreCase("Message-ID")) {
        messageId = Json.text(h, "value");
      }
      if (name.equalsIgnoreCase("Return-Path")) {
        returnPath = Json.text(h, "value");
      }
    }
    return new Identity(
        verp.token(Json.text(mail, "source"), returnPath), Json.messageId(messageId));
  }

  private record Identity(Optional<String> token, Optional<String> messageId) {
    Feedback feedback(Kind kind, String recipient, String status, String diagnostic) {
      return new Feedback(
          kind,
          token,
          messageId,
          Json.nonEmpty(recipient),
          status,
          Json.oneLine(diagnostic),
          "ses");
    }
  }
}
