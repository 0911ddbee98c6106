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

  /** 304 Not Modified (or still backing off): nothing new, nothing parsed. */
  record NotModified(FeedSettings feed, Duration elapsed) implements FeedResult {}

  /** The feed could not be read; {@code error} is one line for people. */
  record Failed(FeedSettings feed, String error, Duration elapsed) implements FeedResult {}
}
