package dev.digest.feedback.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digest.bounce.Feedback;
import dev.digest.bounce.Feedback.Kind;
import java.util.List;
import java.util.Optional;

/**
 * Reads one Mailgun webhook post (the JSON form: {@code signature} and {@code event-data}): a
 * {@code failed} event (severity {@code permanent} or {@code temporary}), {@code complained},
 * {@code unsubscribed}; other events are read as nothing to do. Pure: the signature is returned for
 * {@link MailgunSignatures} to check, not checked here.
 *
 * <p>Identity: {@code message.headers.message-id} (the Message-ID digest wrote) and the VERP token
 * of {@code envelope.sender}.
 */
public final class MailgunReader {

  /** A post: its signature block and what its event says. */
  public record Post(String timestamp, String token, String signature, List<Feedback> feedback) {
    public Post {
      feedback = List.copyOf(feedback);
    }
  }

  private final VerpAddress verp;

  /**
   * @param bounceAddress the bare bounce address, whose VERP forms carry the token
   */
  public MailgunReader(String bounceAddress) {
    this.verp = new VerpAddress(bounceAddress);
  }

  public Post read(byte[] body) throws MalformedPayloadException {
    JsonNode n = Json.parse(body, "Mailgun webhook");
    JsonNode sig = n.path("signature");
    JsonNode e = n.path("event-data");
    if (!sig.isObject() || !e.isObject()) {
      throw new MalformedPayloadException("Mailgun webhook: no signature or event-data object");
    }
    String event = Json.text(e, "event");
    if (event.isEmpty()) {
      throw new MalformedPayloadException("Mailgun webhook: event-data has no event");
    }
    Optional<String> token = verp.token(Json.text(e, "envelope", "sender"));
    Optional<String> messageId = Json.messageId(Json.text(e, "message", "headers", "message-id"));
    Optional<String> recipient = Json.nonEmpty(Json.text(e, "recipient"));
    JsonNode status = e.path("delivery-status");
    String reply = Json.text(status, "message");
    String description = Json.text(status, "description");
    String diagnostic =
        Json.oneLine(
            (Json.text(status, "code") + " " + (reply.isEmpty() ? description : reply)).trim());
    String code = Json.statusCode(Json.text(status, "enhanced-code"), reply, description);
    Kind kind =
        switch (event) {
          case "failed" -> failedKind(Json.text(e, "severity"), Json.text(e, "reason"));
          case "complained" -> Kind.COMPLAINT;
          case "unsubscribed" -> Kind.UNSUBSCRIBE;
          default -> Kind.IGNORED;
        };
    if (diagnostic.isEmpty()) {
      diagnostic = Json.oneLine("Mailgun " + event + " " + Json.text(e, "reason")).trim();
    }
    Feedback f = new Feedback(kind, token, messageId, recipient, code, diagnostic, "mailgun");
    return new Post(
        Json.text(sig, "timestamp"),
        Json.text(sig, "token"),
        Json.text(sig, "signature"),
        List.of(f));
  }

  /**
   * A failure: permanent is final, temporary counts as soft; a failure because the address was
   * already on Mailgun's suppression lists says why it is there.
   */
  static Kind failedKind(String severity, String reason) {
    return switch (reason) {
      case "suppress-complaint" -> Kind.COMPLAINT;
      case "suppress-unsubscribe" -> Kind.UNSUBSCRIBE;
      case "suppress-bounce" -> Kind.HARD_BOUNCE;
      default -> severity.equals("permanent") ? Kind.HARD_BOUNCE : Kind.SOFT_BOUNCE;
    };
  }
}
