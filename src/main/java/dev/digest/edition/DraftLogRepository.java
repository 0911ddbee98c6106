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
import java.util.List;
import java.util.Objects;

/**
 * The {@code draft_change} table: what was done to a draft, by whom and when. Written in the same
 * transaction as the change, so the record and the draft never disagree. Thread-safe.
 */
public final class DraftLogRepository {

  /**
   * One change: {@code actor} is {@code cli:<user>}, {@code admin} or {@code admin:<user>}, {@code
   * system} (the build) or {@code deadline}.
   */
  public record Change(Instant at, String actor, String action, String detail) {}

  private static final int ACTOR_CHARS = 320;
  private static final int DETAIL_CHARS = 4000;

  private final Database db;

  public DraftLogRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  public void record(Connection c, String digestId, int number, Change change) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO draft_change (digest, number, changed_at, actor, action, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, digestId);
      ps.setInt(2, number);
      ps.setObject(3, OffsetDateTime.ofInstant(change.at(), ZoneOffset.UTC));
      ps.setString(4, cut(change.actor(), ACTOR_CHARS));
      ps.setString(5, change.action());
      ps.setString(6, cut(change.detail(), DETAIL_CHARS));
      ps.executeUpdate();
    }
  }

  /** The changes to edition {@code number} of the digest, oldest first. */
  public List<Change> changes(String digestId, int number) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT changed_at, actor, action, detail FROM draft_change"
                      + " WHERE digest = ? AND number = ? ORDER BY id")) {
            ps.setString(1, digestId);
            ps.setInt(2, number);
            List<Change> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Change(
                        rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4)));
              }
            }
            return out;
          }
        });
  }

  private static String cut(String s, int max) {
    String v = s == null ? "" : s;
    return v.length() <= max ? v : v.substring(0, max - 1) + "…";
  }
}
