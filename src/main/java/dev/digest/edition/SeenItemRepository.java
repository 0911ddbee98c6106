package dev.digest.edition;

import dev.digest.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/** The {@code seen_item} table: item keys already put into an edition. */
public final class SeenItemRepository {

  public SeenItemRepository(Database db) {
    throw new UnsupportedOperationException("edition helper implements this");
  }

  /** The subset of {@code keys} already seen. */
  public Set<String> seen(Collection<String> keys) {
    throw new UnsupportedOperationException();
  }

  public void markSeen(Connection c, Collection<String> keys, long editionId, Instant at)
      throws SQLException {
    throw new UnsupportedOperationException();
  }
}
