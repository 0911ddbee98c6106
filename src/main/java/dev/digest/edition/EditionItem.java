package dev.digest.edition;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One article as it appears in an edition: already condensed, plain text only.
 *
 * @param key the item key (normalized link, else guid) recorded in {@code seen_item}
 * @param position 1-based position in the edition (rank order)
 * @param alsoIn names of other feeds that carried the same article
 * @param method {@code sections}, {@code extractive}, {@code mixed}, {@code llm} or {@code llm-mixed}
 * @param imageUrl the thumbnail the feed named (absolute http or https), {@code ""} for none
 */
public record EditionItem(
    String key,
    int position,
    String title,
    String link,
    String source,
    String category,
    String author,
    Instant published,
    int readingMinutes,
    List<String> quickSummary,
    List<String> takeaways,
    String method,
    List<String> alsoIn,
    String imageUrl) {

  /** An item without a thumbnail. */
  public EditionItem(
      String key, int position, String title, String link, String source, String category,
      String author, Instant published, int readingMinutes, List<String> quickSummary,
      List<String> takeaways, String method, List<String> alsoIn) {
    this(key, position, title, link, source, category, author, published, readingMinutes,
        quickSummary, takeaways, method, alsoIn, "");
  }

  public EditionItem {
    imageUrl = imageUrl == null ? "" : imageUrl;
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(link, "link");
    quickSummary = List.copyOf(quickSummary);
    takeaways = List.copyOf(takeaways);
    alsoIn = List.copyOf(alsoIn);
  }
}
