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
 * @param method {@code sections}, {@code extractive}, {@code mixed}, {@code llm} or {@code
 *     llm-mixed}
 * @param imageUrl the thumbnail the feed named (absolute http or https), {@code ""} for none
 * @param comment one line of the editor's shown under the title, {@code ""} for none
 * @param imageWidth the thumbnail's width in pixels as read off the image, 0 when not known
 * @param imageHeight its height in pixels, 0 when not known
 * @param feedUrl the feeds.yml URL of the feed it came from ({@code ""} when not from a feed): what
 *     a reader's feed choice ({@code digest.reader-feed-choice}) is compared with
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
    String imageUrl,
    String comment,
    int imageWidth,
    int imageHeight,
    String feedUrl) {

  /** The method of an item whose bullets the editor replaced. */
  public static final String EDITED = "edited";

  /** An item whose feed is not known (an editor's addition, a test's item). */
  public EditionItem(
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
      String imageUrl,
      String comment,
      int imageWidth,
      int imageHeight) {
    this(
        key,
        position,
        title,
        link,
        source,
        category,
        author,
        published,
        readingMinutes,
        quickSummary,
        takeaways,
        method,
        alsoIn,
        imageUrl,
        comment,
        imageWidth,
        imageHeight,
        "");
  }

  /** An item whose thumbnail's size is not known. */
  public EditionItem(
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
      String imageUrl,
      String comment) {
    this(
        key,
        position,
        title,
        link,
        source,
        category,
        author,
        published,
        readingMinutes,
        quickSummary,
        takeaways,
        method,
        alsoIn,
        imageUrl,
        comment,
        0,
        0);
  }

  /** An item without an editor's comment. */
  public EditionItem(
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
    this(
        key,
        position,
        title,
        link,
        source,
        category,
        author,
        published,
        readingMinutes,
        quickSummary,
        takeaways,
        method,
        alsoIn,
        imageUrl,
        "");
  }

  /** An item without a thumbnail. */
  public EditionItem(
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
      List<String> alsoIn) {
    this(
        key,
        position,
        title,
        link,
        source,
        category,
        author,
        published,
        readingMinutes,
        quickSummary,
        takeaways,
        method,
        alsoIn,
        "");
  }

  public EditionItem {
    imageUrl = imageUrl == null ? "" : imageUrl;
    comment = comment == null ? "" : comment;
    feedUrl = feedUrl == null ? "" : feedUrl;
    if (imageUrl.isEmpty() || imageWidth <= 0 || imageHeight <= 0) {
      imageWidth = 0;
      imageHeight = 0;
    }
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(link, "link");
    quickSummary = List.copyOf(quickSummary);
    takeaways = List.copyOf(takeaways);
    alsoIn = List.copyOf(alsoIn);
  }

  /** This item at another position. */
  public EditionItem at(int newPosition) {
    return new EditionItem(
        key,
        newPosition,
        title,
        link,
        source,
        category,
        author,
        published,
        readingMinutes,
        quickSummary,
        takeaways,
        method,
        alsoIn,
        imageUrl,
        comment,
        imageWidth,
        imageHeight,
        feedUrl);
  }

  /** This item with the editor's bullets: the method becomes {@value #EDITED}. */
  public EditionItem withBullets(List<String> newQuick, List<String> newTakeaways) {
    return new EditionItem(
        key,
        position,
        title,
        link,
        source,
        category,
        author,
        published,
        readingMinutes,
        newQuick,
        newTakeaways,
        EDITED,
        alsoIn,
        imageUrl,
        comment,
        imageWidth,
        imageHeight,
        feedUrl);
  }

  /** This item with the editor's comment ({@code ""} removes it). */
  public EditionItem withComment(String newComment) {
    return new EditionItem(
        key,
        position,
        title,
        link,
        source,
        category,
        author,
        published,
        readingMinutes,
        quickSummary,
        takeaways,
        method,
        alsoIn,
        imageUrl,
        newComment,
        imageWidth,
        imageHeight,
        feedUrl);
  }
}
