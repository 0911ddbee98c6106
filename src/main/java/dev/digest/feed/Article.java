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
 * @param imageWidth the image's width in pixels when known (read from the image itself when the
 *     article is prepared), else 0
 * @param imageHeight its height in pixels when known, else 0
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
    Optional<String> imageUrl,
    int imageWidth,
    int imageHeight) {

  /** An article whose image size is not known (yet). */
  public Article(
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
    this(
        feedUrl,
        source,
        category,
        guid,
        title,
        link,
        author,
        published,
        updated,
        contentHtml,
        imageUrl,
        0,
        0);
  }

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
        feedUrl,
        source,
        category,
        guid,
        title,
        link,
        author,
        published,
        updated,
        html,
        imageUrl,
        imageWidth,
        imageHeight);
  }

  /** A copy with an image (a fetched page's og:image, when the feed named none), size unknown. */
  public Article withImage(Optional<String> image) {
    return new Article(
        feedUrl,
        source,
        category,
        guid,
        title,
        link,
        author,
        published,
        updated,
        contentHtml,
        image);
  }

  /** A copy with the image's size in pixels (0 and 0 for unknown). */
  public Article withImageSize(int width, int height) {
    return new Article(
        feedUrl,
        source,
        category,
        guid,
        title,
        link,
        author,
        published,
        updated,
        contentHtml,
        imageUrl,
        width,
        height);
  }
}
