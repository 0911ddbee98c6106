package dev.digest.feed;

import dev.digest.config.FeedSettings;
import java.time.Duration;
import java.util.List;

/** What reading one feed came to. */
public sealed interface FeedResult {

  FeedSettings feed();

  /** Wall time spent on this feed. */
  Duration elapsed();

  /** The feed was fetched and parsed. */
  record Fetched(FeedSettings feed, String format, List<Article> articles, Duration elapsed)
      implements FeedResult {
    public Fetched {
      articles = List.copyOf(articles);
    }
  }

  /**
   * 304 Not Modified (or still backing off): nothing parsed. {@code cached} holds the articles of
   * the last good fetch when a cache is kept and asked for (stateful readers), else it is empty.
   *
   * @param items how many items the feed had at its last good fetch (from its stored state, so no
   *     cache is decoded for it); -1 when unknown
   */
  record NotModified(FeedSettings feed, Duration elapsed, List<Article> cached, int items)
      implements FeedResult {
    public NotModified {
      cached = List.copyOf(cached);
    }

    public NotModified(FeedSettings feed, Duration elapsed) {
      this(feed, elapsed, List.of(), -1);
    }
  }

  /** The feed could not be read; {@code error} is one line for people. */
  record Failed(FeedSettings feed, String error, Duration elapsed) implements FeedResult {}
}
