package dev.digest.edition;

import java.time.Instant;
import java.util.List;

/**
 * The content of one edition: which articles, in which order, for which window. The same record
 * serves a preview (never stored) and a stored edition.
 *
 * @param digestId the digest's stable id (config {@code digest.id})
 * @param number 1-based edition number within the digest
 * @param title the digest's title
 * @param note the editor's intro in Markdown, {@code ""} for none
 * @param cadence the cadence whose edition this is ({@code digest.cadences}; {@code weekly} when
 *     feeds.yml offers one)
 */
public record Edition(
    String digestId,
    int number,
    String title,
    Instant windowStart,
    Instant windowEnd,
    Instant builtAt,
    List<EditionItem> items,
    String note,
    String cadence) {

  /** An edition of the one default cadence, with a note. */
  public Edition(
      String digestId,
      int number,
      String title,
      Instant windowStart,
      Instant windowEnd,
      Instant builtAt,
      List<EditionItem> items,
      String note) {
    this(
        digestId,
        number,
        title,
        windowStart,
        windowEnd,
        builtAt,
        items,
        note,
        dev.digest.config.Cadence.DEFAULT_NAME);
  }

  /** An edition without an editor's note. */
  public Edition(
      String digestId,
      int number,
      String title,
      Instant windowStart,
      Instant windowEnd,
      Instant builtAt,
      List<EditionItem> items) {
    this(digestId, number, title, windowStart, windowEnd, builtAt, items, "");
  }

  public Edition {
    items = List.copyOf(items);
    note = note == null ? "" : note;
    cadence =
        cadence == null || cadence.isEmpty() ? dev.digest.config.Cadence.DEFAULT_NAME : cadence;
  }

  /** The same edition with other items (positions as given). */
  public Edition withItems(List<EditionItem> newItems) {
    return new Edition(
        digestId, number, title, windowStart, windowEnd, builtAt, newItems, note, cadence);
  }

  /**
   * The same edition without the items of the topics in {@code excluded} (keys as {@code
   * DigestConfig.topicKey} makes them), the rest numbered 1..n: what a reader who left those topics
   * out gets.
   */
  public Edition withoutTopics(java.util.Set<String> excluded) {
    return without(excluded, java.util.Set.of());
  }

  /**
   * The edition a reader gets who left out {@code topics} (as {@link
   * dev.digest.config.DigestConfig#topicKey}) and {@code feeds} (feeds.yml URLs): those items
   * dropped, the rest renumbered. An item an editor added by URL has no feed and is only dropped
   * for its topic.
   */
  public Edition without(java.util.Set<String> topics, java.util.Set<String> feeds) {
    if (topics.isEmpty() && feeds.isEmpty()) {
      return this;
    }
    List<EditionItem> kept = new java.util.ArrayList<>();
    for (EditionItem item : items) {
      if (!topics.contains(dev.digest.config.DigestConfig.topicKey(item.category()))
          && !feeds.contains(item.feedUrl())) {
        kept.add(item.at(kept.size() + 1));
      }
    }
    return withItems(kept);
  }

  /** The same edition under another title (a stored edition keeps its subject in its place). */
  public Edition withTitle(String newTitle) {
    return new Edition(
        digestId, number, newTitle, windowStart, windowEnd, builtAt, items, note, cadence);
  }

  /** The same edition with another note. */
  public Edition withNote(String newNote) {
    return new Edition(
        digestId, number, title, windowStart, windowEnd, builtAt, items, newNote, cadence);
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }
}
