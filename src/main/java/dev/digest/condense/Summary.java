package dev.digest.condense;

import java.util.List;
import java.util.Locale;

/**
 * An article condensed: 2-3 quick-summary bullets and 3-5 key takeaways (fewer only when the
 * article is too short), plain text, no bullet twice.
 */
public record Summary(List<String> quickSummary, List<String> takeaways, Method method) {

  public Summary {
    quickSummary = List.copyOf(quickSummary);
    takeaways = List.copyOf(takeaways);
  }

  /** Where the bullets came from. */
  public enum Method {
    /** Both lists are the author's own sections. */
    SECTIONS,
    /** Both lists were picked from the article's sentences. */
    EXTRACTIVE,
    /** One list is the author's, the other extractive. */
    MIXED,
    /** Both lists were written by a language model (the article has no summary sections). */
    LLM,
    /** One list is the author's, the other written by a language model. */
    LLM_MIXED;

    /** The name used in JSON and the database: {@code sections}, ..., {@code llm-mixed}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
