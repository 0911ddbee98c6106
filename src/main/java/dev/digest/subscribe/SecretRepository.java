package dev.digest.subscribe;

import dev.digest.store.Database;
import dev.digest.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/** The {@code app_secret} table: named values written once and shared by every node. */
public final class SecretRepository {

  private final Database db;

  public SecretRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  public Optional<String> find(String name) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT secret FROM app_secret WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  /**
   * Stores {@code value} under {@code name} unless a value is there already, and returns the one
   * stored: when two nodes start at once, both end up with the first one written.
   */
  public String putIfAbsent(String name, String value) {
    Optional<String> existing = find(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      db.inTransaction(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO app_secret (name, secret, created_at) VALUES (?, ?, ?)")) {
              ps.setString(1, name);
              ps.setString(2, value);
              ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
              return ps.executeUpdate();
            }
          });
      return value;
    } catch (StoreException e) {
      // Lost the race to another node (primary key): theirs is the secret. Anything else rethrows.
      return find(name).orElseThrow(() -> e);
    }
  }
}
