package dev.digest.subscribe;

import dev.digest.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code subscriber} table. Addresses are unique ignoring case. */
public final class SubscriberRepository {

  public SubscriberRepository(Database db) {
    throw new UnsupportedOperationException("subscribe helper implements this");
  }

  public Optional<Subscriber> find(long id) {
    throw new UnsupportedOperationException();
  }

  public Optional<Subscriber> findByEmail(String email) {
    throw new UnsupportedOperationException();
  }

  /** Every subscriber, or those with one status, ordered by address. */
  public List<Subscriber> list(Optional<SubscriberStatus> status) {
    throw new UnsupportedOperationException();
  }

  public Map<SubscriberStatus, Integer> countByStatus() {
    throw new UnsupportedOperationException();
  }

  /** The active audience right now, inside the caller's transaction (freezes it for an edition). */
  public List<Subscriber> active(Connection c) throws SQLException {
    throw new UnsupportedOperationException();
  }
}
