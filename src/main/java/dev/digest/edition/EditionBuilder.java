package dev.digest.edition;

import dev.digest.condense.Condenser;
import dev.digest.config.DigestSettings;
import dev.digest.feed.Article;
import java.time.Clock;
import java.util.List;

/**
 * Picks the articles of the next edition and condenses them: inside the time window, not in any
 * earlier edition, one item per article across feeds, at most {@code max-per-feed} per feed and
 * {@code max-articles} in all, newest first. Does not write anything.
 */
public final class EditionBuilder {

  public EditionBuilder(
      DigestSettings settings,
      Condenser condenser,
      EditionRepository editions,
      SeenItemRepository seen,
      Clock clock) {
    throw new UnsupportedOperationException("edition helper implements this");
  }

  /** The next edition built from already-sanitized articles (may be empty). */
  public Edition build(List<Article> articles) {
    throw new UnsupportedOperationException();
  }
}
