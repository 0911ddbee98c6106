package dev.digest.condense;

import java.util.List;
import java.util.Objects;

/**
 * What a language model answered to an {@link LlmPrompt}: the bullets when the reply has the
 * requested shape, or why it was rejected. Pure and thread-safe.
 *
 * <p>Accepted: one JSON object, possibly inside a Markdown code fence or with prose around it, with
 * a {@code quickSummary} array and a {@code takeaways} array of strings (key names compared case-
 * and punctuation-insensitively). Bullets are cleaned of list markers and Markdown emphasis; blank
 * and repeated bullets are dropped, and a takeaway that repeats a quick-summary bullet is dropped.
 * More than 3 quick-summary bullets or 5 takeaways are cut to that many. Rejected: no JSON object,
 * a missing or non-array key, a non-string bullet, an empty list after cleaning, or a bullet longer
 * than {@value #MAX_BULLET_WORDS} words (the model ignored the instructions).
 */
public sealed interface LlmReply {

  /** Longer bullets mean the model wrote paragraphs, not bullets: the reply is not used. */
  int MAX_BULLET_WORDS = 60;

  /** A reply in the requested shape. */
  record Accepted(List<String> quickSummary, List<String> takeaways) implements LlmReply {
    public Accepted {
      quickSummary = List.copyOf(quickSummary);
      takeaways = List.copyOf(takeaways);
    }
  }

  /** A reply that cannot be used, and why (no article text in the reason). */
  record Rejected(String reason) implements LlmReply {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Parses the {@code content} of the model's message. */
  static LlmReply parse(String content) {
    return LlmReplyParser.parse(content);
  }
}
