package dev.digest.delivery;

import dev.digest.store.Database;
import dev.digest.store.SqlStates;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code welcome_mail} table: one row per subscriber, ever, made when the subscription is
 * confirmed. A row is claimed by one node with a conditional update before its mail goes to SMTP,
 * as a delivery row is; a claim left by a crashed node is taken again after a while and sent with
 * the same Message-ID. Thread-safe.
 */
public final class WelcomeRepository {

  static final String PENDING = "pending";
  static final String SENDING = "sending";
  static final String SENT = "sent";
  static final String FAILED = "failed";
  static final String SKIPPED = "skipped";

  private final Database db;
  private final Clock clock;

  public WelcomeRepository(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A claimed row: whom to welcome, with which Message-ID, and how many tries this is. */
  record Claim(long subscriberId, String messageId, int attempt) {}

  /** Makes the subscriber's row; false when there is one already (a welcome goes out once). */
  boolean enqueue(long subscriberId, String messageId) {
    try {
      return db.inTransaction(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO welcome_mail (subscriber_id, status, message_id, created_at)"
                        + " SELECT ?, ?, ?, ? WHERE NOT EXISTS"
                        + " (SELECT 1 FROM welcome_mail WHERE subscriber_id = ?)")) {
              ps.setLong(1, subscriberId);
              ps.setString(2, PENDING);
              ps.setString(3, messageId);
              ps.setObject(4, time(clock.instant()));
              ps.setLong(5, subscriberId);
              return ps.executeUpdate() == 1;
            }
          });
    } catch (RuntimeException e) {
      // Two nodes confirming the same subscriber at once: the other one made the row.
      if (SqlStates.isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Subscribers whose welcome is due: pending, or claimed before {@code staleBefore}. */
  List<Long> due(Instant staleBefore, int limit) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT subscriber_id FROM welcome_mail WHERE status = ?"
                      + " OR (status = ? AND claimed_at < ?) ORDER BY subscriber_id"
                      + " FETCH FIRST "
                      + limit
                      + " ROWS ONLY")) {
            ps.setString(1, PENDING);
            ps.setString(2, SENDING);
            ps.setObject(3, time(staleBefore));
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getLong(1));
              }
            }
            return out;
          }
        });
  }

  /** Takes the row for this node, when it is still due; empty when another node has it. */
  Optional<Claim> claim(long subscriberId, Instant staleBefore) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE welcome_mail SET status = ?, claimed_at = ?, attempts = attempts + 1"
                      + " WHERE subscriber_id = ? AND (status = ? OR (status = ? AND claimed_at < ?))")) {
            ps.setString(1, SENDING);
            ps.setObject(2, time(clock.instant()));
            ps.setLong(3, subscriberId);
            ps.setString(4, PENDING);
            ps.setString(5, SENDING);
            ps.setObject(6, time(staleBefore));
            if (ps.executeUpdate() != 1) {
              return Optional.empty();
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT message_id, attempts FROM welcome_mail WHERE subscriber_id = ?")) {
            ps.setLong(1, subscriberId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return Optional.of(new Claim(subscriberId, rs.getString(1), rs.getInt(2)));
            }
          }
        });
  }

  void markSent(long subscriberId, Optional<Long> editionId) {
    finish(subscriberId, SENT, "", editionId);
  }

  /** Back to pending: the next sweep tries again. */
  void markRetry(long subscriberId, String error) {
    finish(subscriberId, PENDING, error, Optional.empty());
  }

  void markFailed(long subscriberId, String error) {
    finish(subscriberId, FAILED, error, Optional.empty());
  }

  void markSkipped(long subscriberId, String why) {
    finish(subscriberId, SKIPPED, why, Optional.empty());
  }

  /** The row's status ({@code pending}, {@code sending}, {@code sent}, ...), if there is one. */
  public Optional<String> status(long subscriberId) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT status FROM welcome_mail WHERE subscriber_id = ?")) {
            ps.setLong(1, subscriberId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  private void finish(long subscriberId, String status, String error, Optional<Long> editionId) {
    db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE welcome_mail SET status = ?, last_error = ?, sent_at = ?,"
                      + " edition_id = COALESCE(?, edition_id) WHERE subscriber_id = ?")) {
            ps.setString(1, status);
            ps.setString(2, error.isEmpty() ? null : truncate(error));
            if (SENT.equals(status)) {
              ps.setObject(3, time(clock.instant()));
            } else {
              ps.setNull(3, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            }
            if (editionId.isPresent()) {
              ps.setLong(4, editionId.get());
            } else {
              ps.setNull(4, java.sql.Types.BIGINT);
            }
            ps.setLong(5, subscriberId);
            return ps.executeUpdate();
          }
        });
  }

  private static String truncate(String s) {
    return s.length() <= 2000 ? s : s.substring(0, 2000);
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
