package dev.digest.config;

import java.time.Duration;
import java.util.Optional;

/**
 * One entry of {@code feeds:}, in feeds.yml or in a {@code feeds.d/*.yml} beside it.
 *
 * @param url http(s) or file: URL (a relative path is already resolved to a file: URL)
 * @param name display name; empty means "use the feed's own title"
 * @param category grouping in the digest; empty means uncategorised
 * @param fullText fetch the article page for every item, not only for teasers
 * @param timeout read timeout overriding {@link FetchSettings#readTimeout()}
 * @param line line of this entry in its file, for messages
 * @param site the web site the feed belongs to (OPML's {@code htmlUrl}); empty when unknown
 * @param disabled kept in the list but never fetched ({@code disabled: true}): the operator can
 *     pause a feed without losing its entry, and the admin page can turn it back on
 */
public record FeedSettings(
    String url,
    String name,
    String category,
    boolean fullText,
    Optional<Duration> timeout,
    int line,
    String site,
    boolean disabled) {

  /** An enabled entry. */
  public FeedSettings(
      String url,
      String name,
      String category,
      boolean fullText,
      Optional<Duration> timeout,
      int line,
      String site) {
    this(url, name, category, fullText, timeout, line, site, false);
  }

  /** The same entry, disabled or enabled. */
  public FeedSettings withDisabled(boolean disabled) {
    return new FeedSettings(url, name, category, fullText, timeout, line, site, disabled);
  }

  /** An entry without a known site. */
  public FeedSettings(
      String url,
      String name,
      String category,
      boolean fullText,
      Optional<Duration> timeout,
      int line) {
    this(url, name, category, fullText, timeout, line, "");
  }
}
