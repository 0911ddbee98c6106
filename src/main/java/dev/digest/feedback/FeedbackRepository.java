package dev.digest.feedback;

import dev.digest.bounce.Feedback;
import dev.digest.store.Database;
import dev.digest.store.SqlStates;
import dev.digest.subscribe.SubscriberStatus;
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
import java.util.Optional;

/**
 * The {@code feedback_event} table, and the two changes an event makes elsewhere in the same
 * transaction: the subscriber's status, and that subscriber's delivery rows not yet sent (marked
 * {@code suppressed}, so a resume and the delivery worker pass them by). Thread-safe.
 */
public final class FeedbackRepository {

  /** The status of a delivery row left unsent because its subscriber was suppressed. */
  public static final String SUPPRESSED = "suppressed";

  private final Database db;

  public FeedbackRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** One delivery a returned message is about; {@code editionId} 0 for a welcome mail. */
  public record Target(long editionId, long subscriberId) {}

  /** One stored event, with the subscriber's address, for /admin. */
  public record Event(
      long editionId,
      int editionNumber,
      long subscriberId,
      String email,
      Feedback.Kind kind,
      String statusCode,
      String diagnostic,
      String source,
      Instant receivedAt) {}

  /** The complaint rate of an edition above which /admin and /metrics raise an alert. */
  public static final double COMPLAINT_ALERT_RATE = 0.001;

  /** Per edition: mails sent and what came back, for /metrics. */
  public record EditionRates(
      long editionId, int number, int sent, int hardBounces, int softBounces, int complaints) {

    public double bounceRate() {
      return sent == 0 ? 0 : (double) (hardBounces + softBounces) / sent;
    }

    public double complaintRate() {
      return sent == 0 ? 0 : (double) complaints / sent;
    }

    /**
     * Past 0.1 %: Gmail and Yahoo start filtering a sender well before their 0.3 % line, so the
     * operator hears of it at a third of that.
     */
    public boolean complaintAlert() {
      return complaintRate() > COMPLAINT_ALERT_RATE;
    }
  }

  /** The delivery (or welcome mail) that was sent with this Message-ID. */
  public Optional<Target> byMessageId(String messageId) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT edition_id, subscriber_id FROM delivery WHERE message_id = ?")) {
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                return Optional.of(new Target(rs.getLong(1), rs.getLong(2)));
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement("SELECT subscriber_id FROM welcome_mail WHERE message_id = ?")) {
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(new Target(0, rs.getLong(1))) : Optional.empty();
            }
          }
        });
  }

  /** The subscriber's status, if the subscriber exists. */
  public Optional<SubscriberStatus> status(long subscriberId) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT status FROM subscriber WHERE id = ?")) {
            ps.setLong(1, subscriberId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(SubscriberStatus.parse(rs.getString(1)))
                  : Optional.<SubscriberStatus>empty();
            }
          }
        });
  }

  /**
   * Stores the event and, when {@code suppressAs} is given, moves the subscriber from {@code from}
   * to it and marks their unsent delivery rows suppressed — all in one transaction. False when the
   * same (edition, subscriber, kind) was stored before: a report delivered twice is applied once.
   *
   * @param softWindowStart for a soft bounce: how far back earlier soft bounces count
   * @param softLimit soft bounces within the window that suppress (the one stored included)
   * @return what happened
   */
  public Applied apply(
      Target target,
      Feedback f,
      Instant receivedAt,
      Optional<SubscriberStatus> suppressAs,
      List<SubscriberStatus> from,
      Instant softWindowStart,
      int softLimit) {
    try {
      return db.inTransaction(
          c -> {
            insert(c, target, f, receivedAt);
            Optional<SubscriberStatus> to = suppressAs;
            int softCount = 0;
            if (f.kind() == Feedback.Kind.SOFT_BOUNCE) {
              softCount = softBounces(c, target.subscriberId(), softWindowStart);
              to =
                  softCount >= softLimit ? Optional.of(SubscriberStatus.BOUNCED) : Optional.empty();
            }
            boolean changed = to.isPresent() && setStatus(c, target.subscriberId(), to.get(), from);
            int suppressed = changed ? suppressUnsent(c, target.subscriberId()) : 0;
            return new Applied(true, changed ? to : Optional.empty(), softCount, suppressed);
          });
    } catch (RuntimeException e) {
      if (SqlStates.isUniqueViolation(e)) {
        return new Applied(false, Optional.empty(), 0, 0);
      }
      throw e;
    }
  }

  /**
   * @param stored false when the event had been stored before (nothing was done)
   * @param newStatus the subscriber's new status, when it changed
   * @param softBounces soft bounces in the window, for a soft bounce
   * @param suppressedRows unsent delivery rows marked suppressed
   */
  public record Applied(
      boolean stored, Optional<SubscriberStatus> newStatus, int softBounces, int suppressedRows) {}

  /** The newest events, newest first. */
  public List<Event> recent(int limit) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT f.edition_id, COALESCE(e.number, 0), f.subscriber_id, s.email, f.kind,"
                      + " f.status_code, f.diagnostic, f.source, f.received_at FROM feedback_event f"
                      + " JOIN subscriber s ON s.id = f.subscriber_id"
                      + " LEFT JOIN edition e ON e.id = f.edition_id"
                      + " ORDER BY f.received_at DESC, f.id DESC FETCH FIRST "
                      + limit
                      + " ROWS ONLY")) {
            List<Event> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Event(
                        rs.getLong(1),
                        rs.getInt(2),
                        rs.getLong(3),
                        rs.getString(4),
                        Feedback.Kind.valueOf(rs.getString(5)),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class).toInstant()));
              }
            }
            return out;
          }
        });
  }

  /** Sent mails, bounces and complaints of the newest {@code limit} editions of a digest. */
  public List<EditionRates> rates(String digestId, int limit) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT e.id, e.number,"
                      + " (SELECT COUNT(*) FROM delivery d WHERE d.edition_id = e.id AND d.status = 'sent'),"
                      + " (SELECT COUNT(*) FROM feedback_event f WHERE f.edition_id = e.id AND f.kind = 'HARD_BOUNCE'),"
                      + " (SELECT COUNT(*) FROM feedback_event f WHERE f.edition_id = e.id AND f.kind = 'SOFT_BOUNCE'),"
                      + " (SELECT COUNT(*) FROM feedback_event f WHERE f.edition_id = e.id AND f.kind = 'COMPLAINT')"
                      + " FROM edition e WHERE e.digest = ? ORDER BY e.number DESC"
                      + " FETCH FIRST "
                      + limit
                      + " ROWS ONLY")) {
            ps.setString(1, digestId);
            List<EditionRates> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new EditionRates(
                        rs.getLong(1),
                        rs.getInt(2),
                        rs.getInt(3),
                        rs.getInt(4),
                        rs.getInt(5),
                        rs.getInt(6)));
              }
            }
            return out;
          }
        });
  }

  private static void insert(Connection c, Target t, Feedback f, Instant at) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO feedback_event (edition_id, subscriber_id, kind, status_code, diagnostic,"
                + " source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, t.editionId());
      ps.setLong(2, t.subscriberId());
      ps.setString(3, f.kind().name());
      ps.setString(4, clip(f.statusCode(), 20));
      ps.setString(5, clip(f.diagnostic(), 1000));
      ps.setString(6, clip(f.source(), 20));
      ps.setObject(7, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }

  private static int softBounces(Connection c, long subscriberId, Instant since)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COUNT(*) FROM feedback_event WHERE subscriber_id = ? AND kind = 'SOFT_BOUNCE'"
                + " AND received_at >= ?")) {
      ps.setLong(1, subscriberId);
      ps.setObject(2, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static boolean setStatus(
      Connection c, long subscriberId, SubscriberStatus to, List<SubscriberStatus> from)
      throws SQLException {
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < from.size(); i++) {
      in.append(i == 0 ? "?" : ", ?");
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE subscriber SET status = ?, updated_at = CURRENT_TIMESTAMP"
                + (to == SubscriberStatus.UNSUBSCRIBED
                    ? ", unsubscribed_at = CURRENT_TIMESTAMP"
                    : "")
                + " WHERE id = ? AND status IN ("
                + in
                + ")")) {
      ps.setString(1, to.label());
      ps.setLong(2, subscriberId);
      for (int i = 0; i < from.size(); i++) {
        ps.setString(3 + i, from.get(i).label());
      }
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Pending rows and claimed ones ({@code sending}): a worker holding a claimed row either has
   * handed it over already (its mark then says {@code sent}, which is true) or finds it suppressed
   * when it retries or releases it; a stale claim is never taken up again.
   */
  private static int suppressUnsent(Connection c, long subscriberId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE delivery SET status = ? WHERE subscriber_id = ?"
                + " AND status IN ('pending', 'sending')")) {
      ps.setString(1, SUPPRESSED);
      ps.setLong(2, subscriberId);
      return ps.executeUpdate();
    }
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
