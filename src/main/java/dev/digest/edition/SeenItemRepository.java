package dev.digest.edition;

import dev.digest.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code seen_item} table: item keys already put into an edition, per cadence (a weekly edition
 * carrying an article does not keep it from the monthly one). Thread-safe.
 */
public final class SeenItemRepository {

  /** Keys per IN (...) query: well under every driver's parameter limit. */
  private static final int CHUNK = 500;

  private final Database db;

  public SeenItemRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** The subset of {@code keys} already seen by editions of {@code cadence}. */
  public Set<String> seen(Collection<String> keys, String cadence) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    List<String> all = new ArrayList<>(new HashSet<>(keys));
    return db.withConnection(
        c -> {
          Set<String> found = new HashSet<>();
          for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT item_key FROM seen_item WHERE cadence = ? AND item_key IN ("
                        + marks
                        + ")")) {
              ps.setString(1, cadence);
              for (int i = 0; i < chunk.size(); i++) {
                ps.setString(i + 2, chunk.get(i));
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  found.add(rs.getString(1));
                }
              }
            }
          }
          return found;
        });
  }

  /**
   * Records {@code keys} as sent in {@code editionId} of {@code cadence}; keys seen before are left
   * as they are.
   */
  public void markSeen(
      Connection c, Collection<String> keys, long editionId, Instant at, String cadence)
      throws SQLException {
    Set<String> unique = new HashSet<>(keys);
    if (unique.isEmpty()) {
      return;
    }
    // Insert only the missing keys: portable across H2 and PostgreSQL (no MERGE / ON CONFLICT).
    Set<String> existing = new HashSet<>();
    List<String> all = new ArrayList<>(unique);
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT item_key FROM seen_item WHERE cadence = ? AND item_key IN (" + marks + ")")) {
        ps.setString(1, cadence);
        for (int i = 0; i < chunk.size(); i++) {
          ps.setString(i + 2, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            existing.add(rs.getString(1));
          }
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO seen_item (item_key, edition_id, seen_at, cadence) VALUES (?, ?, ?, ?)")) {
      int n = 0;
      for (String key : all) {
        if (existing.contains(key)) {
          continue;
        }
        ps.setString(1, key);
        ps.setLong(2, editionId);
        ps.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        ps.setString(4, cadence);
        ps.addBatch();
        n++;
      }
      if (n > 0) {
        ps.executeBatch();
      }
    }
  }
}
