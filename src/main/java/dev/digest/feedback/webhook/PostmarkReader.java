package dev.digest.feedback.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digest.bounce.Feedback;
import dev.digest.bounce.Feedback.Kind;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one Postmark webhook post: a bounce ({@code RecordType: Bounce}, its {@code Type} saying
 * which), a spam complaint ({@code RecordType: SpamComplaint}) or a suppression list change ({@code
 * RecordType: SubscriptionChange}); deliveries, opens and clicks are read as nothing to do. Pure.
 *
 * <p>Identity: Postmark's {@code MessageID} is its own id and rewrites the Return-Path, so digest's
 * Message-ID and VERP token come from {@code Metadata} ({@code digest-message-id}, {@code
 * digest-token}: what {@code X-PM-Metadata-*} headers of the sent message carry back) or from the
 * returned message in {@code Content} (the bounce dump, when the webhook includes it).
 */
public final class PostmarkReader {

  /**
   * The Message-ID header lines of a bounce dump: the report's own, then the returned original's.
   */
  private static final Pattern MESSAGE_ID_HEADER =
      Pattern.compile("(?im)^Message-ID:[ \\t]*(<[^>\\r\\n]+>)");

  private final VerpAddress verp;

  /**
   * @param bounceAddress the bare bounce address, whose VERP forms carry the token
   */
  public PostmarkReader(String bounceAddress) {
    this.verp = new VerpAddress(bounceAddress);
  }

  public List<Feedback> read(byte[] body) throws MalformedPayloadException {
    JsonNode n = Json.parse(body, "Postmark webhook");
    if (!n.isObject()) {
      throw new MalformedPayloadException("Postmark webhook: expected a JSON object");
    }
    String recordType = Json.text(n, "RecordType");
    if (recordType.isEmpty()
        && !Json.text(n, "Type").isEmpty()
        && !Json.text(n, "Email").isEmpty()) {
      recordType = "Bounce"; // the older bounce webhook sent no RecordType
    }
    if (recordType.isEmpty()) {
      throw new MalformedPayloadException("Postmark webhook: no RecordType");
    }
    String content = Json.text(n, "Content");
    Optional<String> token =
        Json.nonEmpty(Json.text(n, "Metadata", "digest-token"))
            .filter(t -> t.matches("[A-Za-z2-7]+"))
            .map(t -> t.toLowerCase(java.util.Locale.ROOT))
            .or(() -> verp.token(content));
    Optional<String> messageId =
        Json.messageId(Json.text(n, "Metadata", "digest-message-id"))
            .or(() -> returnedMessageId(content));
    return switch (recordType) {
      case "Bounce" -> {
        String type = Json.text(n, "Type");
        String details = Json.text(n, "Details");
        yield List.of(
            new Feedback(
                bounceKind(type),
                token,
                messageId,
                Json.nonEmpty(Json.text(n, "Email")),
                Json.statusCode(details),
                Json.oneLine(details.isEmpty() ? "Postmark " + type : details),
                "postmark"));
      }
      case "SpamComplaint" ->
          List.of(
              new Feedback(
                  Kind.COMPLAINT,
                  token,
                  messageId,
                  Json.nonEmpty(Json.text(n, "Email")),
                  "",
                  "Postmark spam complaint",
                  "postmark"));
      case "SubscriptionChange" -> {
        boolean suppress = n.path("SuppressSending").asBoolean(false);
        String reason = Json.text(n, "SuppressionReason");
        Kind kind =
            !suppress
                ? Kind.IGNORED
                : switch (reason) {
                  case "HardBounce" -> Kind.HARD_BOUNCE;
                  case "SpamComplaint" -> Kind.COMPLAINT;
                  // ManualSuppression: the reader unsubscribed through Postmark, or its user
                  // suppressed
                  // the address by hand; either way nothing more goes to it.
                  default -> Kind.UNSUBSCRIBE;
                };
        yield List.of(
            new Feedback(
                kind,
                token,
                messageId,
                Json.nonEmpty(Json.text(n, "Recipient")),
                "",
                Json.oneLine(
                    "Postmark suppression "
                        + (suppress ? "added" : "lifted")
                        + ": "
                        + reason
                        + " ("
                        + Json.text(n, "Origin")
                        + ")"),
                "postmark"));
      }
      default ->
          List.of(
              new Feedback(
                  Kind.IGNORED,
                  token,
                  messageId,
                  Json.nonEmpty(Json.text(n, "Recipient")),
                  "",
                  "Postmark " + recordType,
                  "postmark"));
    };
  }

  /** What a Postmark bounce {@code Type} means for the subscriber. */
  static Kind bounceKind(String type) {
    return switch (type) {
      case "HardBounce", "BadEmailAddress" -> Kind.HARD_BOUNCE;
      case "SoftBounce", "Transient", "DnsError", "Blocked", "SpamNotification" -> Kind.SOFT_BOUNCE;
      case "SpamComplaint" -> Kind.COMPLAINT;
      case "Unsubscribe" -> Kind.UNSUBSCRIBE;
      case "AutoResponder", "ChallengeVerification" -> Kind.AUTO_REPLY;
      // Subscribe, AddressChange, VirusNotification, ManuallyDeactivated, Unknown and the rest
      // say nothing about whether the address works.
      default -> Kind.IGNORED;
    };
  }

  /** The last Message-ID of a bounce dump: the returned original's comes after the report's. */
  private static Optional<String> returnedMessageId(String content) {
    Matcher m = MESSAGE_ID_HEADER.matcher(content);
    String last = null;
    int count = 0;
    while (m.find()) {
      last = m.group(1);
      count++;
    }
    // A single Message-ID is the report's own: the dump holds no returned headers.
    return count >= 2 ? Json.messageId(last) : Optional.empty();
  }
}
