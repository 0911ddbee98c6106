package dev.digest.extract;

import dev.digest.config.FetchSettings;
import dev.digest.feed.Article;
import java.util.List;

/**
 * Makes articles ready to condense: fetches the full text of teaser-only items (feed flag
 * {@code full-text}, or content under ~80 words), then sanitizes every article's HTML. Failures to
 * fetch a page keep the feed's own content.
 */
public final class ArticlePreparer implements AutoCloseable {

  public ArticlePreparer(FetchSettings settings, HtmlSanitizer sanitizer) {
    throw new UnsupportedOperationException("extract helper implements this");
  }

  /** @param fullTextFeeds feed URLs configured with {@code full-text: true} */
  public List<Article> prepare(List<Article> articles, java.util.Set<String> fullTextFeeds) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
