package dev.digest.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The whole of {@code feeds.yml}, validated, with defaults applied, environment variables
 * interpolated and relative paths already resolved against the file's folder.
 *
 * @param file the configuration file it was read from (absolute)
 */
public record DigestConfig(
    Path file,
    DigestSettings digest,
    MailSettings mail,
    DatabaseSettings database,
    WebSettings web,
    FetchSettings fetch,
    CondenseSettings condense,
    List<FeedSettings> feeds) {

  public DigestConfig {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(mail, "mail");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(web, "web");
    Objects.requireNonNull(fetch, "fetch");
    Objects.requireNonNull(condense, "condense");
    feeds = List.copyOf(feeds);
  }

  /**
   * The feeds a run fetches: every entry but those marked {@code disabled: true}. {@link #feeds()}
   * keeps those too, for duplicate checks, the admin page and export.
   */
  public List<FeedSettings> enabledFeeds() {
    return feeds.stream().filter(f -> !f.disabled()).toList();
  }

  /**
   * The topics readers may leave out: the feeds' categories, as they are compared ({@link
   * #topicKey}), sorted.
   */
  public java.util.SortedSet<String> topics() {
    java.util.SortedSet<String> out = new java.util.TreeSet<>();
    for (FeedSettings f : feeds) {
      String key = topicKey(f.category());
      if (!key.isEmpty()) {
        out.add(key);
      }
    }
    return out;
  }

  /**
   * The feeds a reader may leave out ({@code digest.reader-feed-choice}): the enabled ones, by
   * their feeds.yml URL (what an item's feed is compared with), each with the name a reader sees
   * (its {@code name}, else its host), in feeds.yml's order.
   */
  public java.util.Map<String, String> readerFeeds() {
    java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
    for (FeedSettings f : feeds) {
      if (!f.disabled()) {
        out.putIfAbsent(
            f.url(), f.name() == null || f.name().isBlank() ? hostOf(f.url()) : f.name());
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static String hostOf(String url) {
    try {
      String host = java.net.URI.create(url).getHost();
      return host == null ? url : host;
    } catch (IllegalArgumentException e) {
      return url;
    }
  }

  /** A topic as compared: a feed's category, trimmed and in lower case. */
  public static String topicKey(String topic) {
    return topic == null ? "" : topic.strip().toLowerCase(java.util.Locale.ROOT);
  }

  /** The folder relative paths in the file resolve against. */
  public Path baseDir() {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of("").toAbsolutePath() : parent;
  }
}
