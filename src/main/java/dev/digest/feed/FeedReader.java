package dev.digest.feed;

import dev.digest.config.FeedSettings;
import dev.digest.config.FetchSettings;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Fetches and parses feeds: all of them concurrently within the configured limits. One broken feed
 * never stops the others: it becomes a {@link FeedResult.Failed}. Thread-safe.
 */
public final class FeedReader implements AutoCloseable {

  /**
   * @param state where ETag/Last-Modified and failures are kept; empty for a stateless read
   *     (preview of ad-hoc files, {@code feeds show})
   */
  public FeedReader(FetchSettings settings, Optional<FeedStateRepository> state, Clock clock) {
    throw new UnsupportedOperationException("feed helper implements this");
  }

  /** Reads every feed, in the order given. */
  public List<FeedResult> readAll(List<FeedSettings> feeds) {
    throw new UnsupportedOperationException();
  }

  /** Reads one feed. */
  public FeedResult read(FeedSettings feed) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
