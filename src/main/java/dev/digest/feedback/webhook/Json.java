package dev.digest.feedback.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the payload readers share: strict JSON parsing and the fields every event carries. */
final class Json {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** An RFC 3463 enhanced status code inside a reply or a status field. */
  private static final Pattern ENHANCED_CODE =
      Pattern.compile("(?<![\\d.])([245]\\.\\d{1,3}\\.\\d{1,3})(?![\\d.])");

  private static final int MAX_DIAGNOSTIC = 300;

  private Json() {}

  static JsonNode parse(byte[] body, String what) throws MalformedPayloadException {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new MalformedPayloadException(what + ": empty body");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new MalformedPayloadException(what + ": not JSON: " + oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new MalformedPayloadException(what + ": unreadable body: " + oneLine(e.getMessage()));
    }
  }

  static JsonNode parse(String text, String what) throws MalformedPayloadException {
    return parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), what);
  }

  /** The text at {@code path} below {@code node}, or "" when absent, null or not a scalar. */
  static String text(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      n = n.path(p);
    }
    return n.isValueNode() && !n.isNull() ? n.asText() : "";
  }

  /** A Message-ID without angle brackets and white space, when there is one. */
  static Optional<String> messageId(String value) {
    String v = value.trim();
    if (v.startsWith("<")) {
      int end = v.indexOf('>');
      v = end < 0 ? v.substring(1) : v.substring(1, end);
    }
    v = v.trim();
    // RFC 5322 3.6.4: an id is dot-atom "@" domain, no white space; anything else is not ours.
    if (v.isEmpty() || v.length() > 250 || !v.contains("@") || v.matches(".*[\\s<>].*")) {
      return Optional.empty();
    }
    return Optional.of(v);
  }

  /** The first enhanced status code in any of {@code texts}, or "". */
  static String statusCode(String... texts) {
    for (String t : texts) {
      Matcher m = ENHANCED_CODE.matcher(t);
      if (m.find()) {
        return m.group(1);
      }
    }
    return "";
  }

  /** One line of at most {@value #MAX_DIAGNOSTIC} characters, for the log and the event store. */
  static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    String s = text.replaceAll("[\\s\\p{Cntrl}]+", " ").trim();
    return s.length() > MAX_DIAGNOSTIC ? s.substring(0, MAX_DIAGNOSTIC) + "..." : s;
  }

  static Optional<String> nonEmpty(String value) {
    String v = value.trim();
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }
}
