package dev.digest.app;

import dev.digest.config.DigestConfig;
import dev.digest.edition.SeenItemRepository;
import dev.digest.feed.FeedArticlesRepository;
import dev.digest.feed.FeedReader;
import dev.digest.feed.FeedStateRepository;
import dev.digest.store.Database;
import java.time.Clock;
import java.util.Optional;

/**
 * The feed stage alone, the partial graph of {@code digest feeds check}: the database, a reader
 * that keeps feed state and the article cache, and the seen items; no mail server, condenser,
 * renderer or the rest of {@link DigestApp} (a short command need not load it: start-up is most of
 * a small check). Closing it closes the reader, then the database.
 */
public record FeedStage(Database database, FeedReader reader, SeenItemRepository seen)
    implements AutoCloseable {

  /** Opens the stage for {@code config}. */
  public static FeedStage open(DigestConfig config, Clock clock) {
    Database db = Database.open(config.database());
    try {
      FeedReader reader =
          new FeedReader(
              config.fetch(),
              Optional.of(new FeedStateRepository(db)),
              Optional.of(new FeedArticlesRepository(db, config.digest().longestWindow())),
              false,
              clock);
      return new FeedStage(db, reader, new SeenItemRepository(db));
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      reader.close();
    } finally {
      database.close();
    }
  }
}
