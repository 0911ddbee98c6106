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
 */
public record Edition(
    String digestId,
    int number,
    String title,
    Instant windowStart,
    Instant windowEnd,
    Instant builtAt,
    List<EditionItem> items) {

  public Edition {
    items = List.copyOf(items);
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }
}
