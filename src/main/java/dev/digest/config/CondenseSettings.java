package dev.digest.config;

import java.util.List;
import java.util.Optional;

/**
 * The {@code condense:} section.
 *
 * @param quickSummaryHeadings extra headings recognised as a quick-summary section
 * @param takeawayHeadings extra headings recognised as a key-takeaways section
 * @param llm present when {@code mode: llm}
 */
public record CondenseSettings(
    List<String> quickSummaryHeadings, List<String> takeawayHeadings, Optional<LlmSettings> llm) {

  public CondenseSettings {
    quickSummaryHeadings = List.copyOf(quickSummaryHeadings);
    takeawayHeadings = List.copyOf(takeawayHeadings);
  }
}
