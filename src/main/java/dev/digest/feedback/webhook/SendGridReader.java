package dev.digest.feedback.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digest.bounce.Feedback;
import dev.digest.bounce.Feedback.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one SendGrid Event Webhook post: a JSON array of events, each its own {@link Feedback}:
 * {@code bounce} (its {@code type} {@code bounce} or {@code blocked}), {@code dropped}, {@code
 * deferred}, {@code spamreport}, {@code unsubscribe} and {@code group_unsubscribe}; the others
 * (processed, delivered, open, click, ...) are read as nothing to do. Pure.
 *
 * <p>Identity: {@code smtp-id}, the Message-ID of the message as digest handed it over. SendGrid
 * rewrites the envelope sender, so no VERP token comes back.
 */
public final class SendGridReader {

  /** Events per post SendGrid batches at most are far fewer; more is not SendGrid. */
  static final int MAX_EVENTS = 10_000;

  public List<Feedback> read(byte[] body) throws MalformedPayloadException {
    JsonNode n = Json.parse(body, "SendGrid webhook");
    if (!n.isArray()) {
      throw new MalformedPayloadException("SendGrid webhook: expected a JSON array of events");
    }
    if (n.size() > MAX_EVENTS) {
      throw new MalformedPayloadException("SendGrid webhook: more than " + MAX_EVENTS + " events");
    }
    List<Feedback> out = new ArrayList<>();
    int i = 0;
    for (JsonNode e : n) {
      String event = Json.text(e, "event");
      if (!e.isObject() || event.isEmpty()) {
        throw new MalformedPayloadException("SendGrid webhook: event " + i + " has no event name");
      }
      String reason = Json.text(e, "reason");
      String response = Json.text(e, "response");
      String detail = reason.isEmpty() ? response : reason;
      Kind kind = kind(event, Json.text(e, "type"), reason);
      out.add(
          new Feedback(
              kind,
              java.util.Optional.empty(),
              Json.messageId(Json.text(e, "smtp-id")),
              Json.nonEmpty(Json.text(e, "email")),
              Json.statusCode(Json.text(e, "status"), detail),
              Json.oneLine(detail.isEmpty() ? "SendGrid " + event : detail),
              "sendgrid"));
      i++;
    }
    return out;
  }

  static Kind kind(String event, String type, String reason) {
    return switch (event) {
      // "blocked": the receiving server refused the sending IP or the content, not the address.
      case "bounce" -> type.equals("blocked") ? Kind.SOFT_BOUNCE : Kind.HARD_BOUNCE;
      // A retry on the way, like a DSN's Action: delayed (RFC 3464): counts as soft.
      case "deferred" -> Kind.SOFT_BOUNCE;
      case "spamreport" -> Kind.COMPLAINT;
      case "unsubscribe", "group_unsubscribe" -> Kind.UNSUBSCRIBE;
      case "dropped" -> droppedKind(reason);
      default -> Kind.IGNORED;
    };
  }

  /** SendGrid did not send because of its own lists: their reason says which. */
  private static Kind droppedKind(String reason) {
    String r = reason.toLowerCase(Locale.ROOT);
    if (r.contains("bounced address") || r.startsWith("invalid")) {
      return Kind.HARD_BOUNCE;
    }
    if (r.contains("spam reporting address")) {
      return Kind.COMPLAINT;
    }
    if (r.contains("unsubscribed address")) {
      return Kind.UNSUBSCRIBE;
    }
    return Kind.IGNORED; // quota, spam content, ...: about the account, not the address
  }
}
