package dev.digest.feed;

import dev.digest.store.Database;

/** The {@code feed_state} table: validators for conditional GET, health, backoff, moves. */
public final class FeedStateRepository {
  public FeedStateRepository(Database db) {
    throw new UnsupportedOperationException("feed helper implements this");
  }
}
