package dev.digest.edition;

import dev.digest.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code edition} and {@code edition_item} tables. */
public final class EditionRepository {

  public EditionRepository(Database db) {
    throw new UnsupportedOperationException("edition helper implements this");
  }

  /** Inserts an edition with its items and bodies, status {@code sending}; returns its id. */
  public long insert(Connection c, Edition edition, String subject, String html, String text)
      throws SQLException {
    throw new UnsupportedOperationException();
  }

  public Optional<StoredEdition> find(long id) {
    throw new UnsupportedOperationException();
  }

  /** The newest edition of the digest, if any. */
  public Optional<StoredEdition> latest(String digestId) {
    throw new UnsupportedOperationException();
  }

  /** Editions still {@code sending}, oldest first. */
  public List<StoredEdition> unfinished(String digestId) {
    throw new UnsupportedOperationException();
  }

  /** All editions of the digest, newest first. */
  public List<StoredEdition> list(String digestId) {
    throw new UnsupportedOperationException();
  }

  public void markSent(long id) {
    throw new UnsupportedOperationException();
  }
}
