package dev.digest.feed;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One item of a feed, normalized: plain-text title, absolute link, best available content.
 *
 * @param feedUrl the configured URL of the feed it came from
 * @param source display name of the feed (configured name, else the feed's title)
 * @param category the feed's configured category ("" when none)
 * @param guid the item's id as the feed gave it ("" when none)
 * @param link absolute URL of the article
 * @param author "" when unknown
 * @param published never null: the feed's date, else updated, else first-seen time; never in the
 *     future
 * @param contentHtml the best content the feed carries (HTML; may be untrusted until the extract
 *     stage sanitized it)
 * @param imageUrl an absolute image URL when the item names one
 */
public record Article(
    String feedUrl,
    String source,
    String category,
    String guid,
    String title,
    String link,
    String author,
    Instant published,
    Optional<Instant> updated,
    String contentHtml,
    Optional<String> imageUrl) {

  public Article {
    Objects.requireNonNull(feedUrl, "feedUrl");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(published, "published");
    source = Objects.requireNonNullElse(source, "");
    category = Objects.requireNonNullElse(category, "");
    guid = Objects.requireNonNullElse(guid, "");
    author = Objects.requireNonNullElse(author, "");
    contentHtml = Objects.requireNonNullElse(contentHtml, "");
  }

  /** A copy with other content (sanitized, or full text fetched). */
  public Article withContent(String html) {
    return new Article(
        feedUrl, source, category, guid, title, link, author, published, updated, html, imageUrl);
  }

  /** A copy with an image (a fetched page's og:image, when the feed named none). */
  public Article withImage(Optional<String> image) {
    return new Article(
        feedUrl, source, category, guid, title, link, author, published, updated, contentHtml, image);
  }
}
