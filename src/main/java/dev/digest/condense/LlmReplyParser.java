package dev.digest.condense;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@link LlmReply#parse}: the rules are in {@link LlmReply}'s documentation. */
final class LlmReplyParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LlmReplyParser() {}

  static LlmReply parse(String content) {
    if (content == null || content.isBlank()) {
      return new LlmReply.Rejected("empty reply");
    }
    int start = content.indexOf('{');
    int end = content.lastIndexOf('}');
    if (start < 0 || end < start) {
      return new LlmReply.Rejected("no JSON object in the reply");
    }
    JsonNode root;
    try {
      root = JSON.readTree(content.substring(start, end + 1));
    } catch (JsonProcessingException e) {
      return new LlmReply.Rejected("reply is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      return new LlmReply.Rejected("reply is not a JSON object");
    }
    Optional<JsonNode> quick = field(root, "quicksummary", "summary");
    Optional<JsonNode> takeaways = field(root, "takeaways", "keytakeaways");
    if (quick.isEmpty() || takeaways.isEmpty()) {
      return new LlmReply.Rejected("reply lacks quickSummary or takeaways");
    }
    List<String> q = new ArrayList<>();
    List<String> t = new ArrayList<>();
    Optional<String> problem = bullets(quick.get(), "quickSummary", q);
    if (problem.isEmpty()) {
      problem = bullets(takeaways.get(), "takeaways", t);
    }
    if (problem.isPresent()) {
      return new LlmReply.Rejected(problem.get());
    }
    t.removeAll(q);
    if (q.isEmpty() || t.isEmpty()) {
      return new LlmReply.Rejected(q.isEmpty() ? "quickSummary is empty" : "takeaways is empty");
    }
    return new LlmReply.Accepted(
        q.subList(0, Math.min(q.size(), Condenser.MAX_QUICK)),
        t.subList(0, Math.min(t.size(), Condenser.MAX_TAKEAWAYS)));
  }

  private static Optional<JsonNode> field(JsonNode object, String... names) {
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      String key = e.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
      for (String name : names) {
        if (key.equals(name)) {
          return Optional.of(e.getValue());
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> bullets(JsonNode array, String name, List<String> out) {
    if (!array.isArray()) {
      return Optional.of(name + " is not an array");
    }
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    for (JsonNode item : array) {
      if (!item.isTextual()) {
        return Optional.of(name + " holds a " + item.getNodeType().name().toLowerCase(Locale.ROOT));
      }
      String b = Bullets.clean(item.asText());
      if (b.isEmpty()) {
        continue;
      }
      int words = Bullets.words(b);
      if (words > LlmReply.MAX_BULLET_WORDS) {
        return Optional.of(name + " has a bullet of " + words + " words");
      }
      seen.add(b);
    }
    out.addAll(seen);
    return Optional.empty();
  }
}
