package dev.digest.feed;

import java.util.List;

/**
 * A parsed feed document.
 *
 * @param format {@code rss-2.0}, {@code atom-1.0}, {@code json-1.1}, ...
 * @param title the feed's own title, plain text ("" when none)
 */
public record ParsedFeed(String format, String title, List<Article> articles) {
  public ParsedFeed {
    articles = List.copyOf(articles);
  }
}
