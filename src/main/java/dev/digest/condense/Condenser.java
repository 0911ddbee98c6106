package dev.digest.condense;

import java.util.List;

/**
 * Condenses one article: the author's own Quick Summary / Key Takeaways when present, extractive
 * otherwise. Pure (strings in, records out) and thread-safe.
 */
public final class Condenser {

  /** With the built-in heading vocabulary only. */
  public Condenser() {
    this(List.of(), List.of());
  }

  /** With extra headings from feeds.yml ({@code condense.quick-summary-headings}, ...). */
  public Condenser(List<String> extraQuickSummaryHeadings, List<String> extraTakeawayHeadings) {
    throw new UnsupportedOperationException("condense helper implements this");
  }

  public Summary condense(String title, String content, ContentType type) {
    throw new UnsupportedOperationException();
  }
}
