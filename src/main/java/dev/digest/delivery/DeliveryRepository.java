package dev.digest.delivery;

import dev.digest.store.Database;
import dev.digest.store.Dialect;
import dev.digest.subscribe.SubscriberStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code delivery} table: one row per (edition, subscriber), {@code pending -> sending -> sent
 * | failed}. Claims are safe with any number of workers and nodes: a row is only claimed by the
 * worker whose conditional UPDATE changed it. Thread-safe.
 */
public final class DeliveryRepository {

  public static final String PENDING = "pending";
  public static final String SENDING = "sending";
  public static final String SENT = "sent";
  public static final String FAILED = "failed";

  /** Left out: the subscriber bounced or complained after the row was made. */
  public static final String SUPPRESSED = "suppressed";

  /** Not sent: the reader's topics left nothing of the edition (not a failure, not a send). */
  public static final String SKIPPED = "skipped";

  private static final int MAX_ERROR = 2000;

  private final Database db;
  private final Clock clock;

  public DeliveryRepository(Database db) {
    this(db, Clock.systemUTC());
  }

  public DeliveryRepository(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Creates a {@code pending} row per active subscriber inside the caller's transaction (the one
   * that inserts the edition: the audience is frozen with it). One {@code INSERT ... SELECT}: the
   * database copies the audience itself, so memory does not grow with the number of subscribers.
   * Each row's Message-ID is {@code messageIds.prefix() + subscriber id + messageIds.suffix()}.
   * Returns the number of rows.
   */
  public int createFor(Connection c, long editionId, MessageIds messageIds) throws SQLException {
    return createFor(c, editionId, messageIds, "", true, List.of());
  }

  /**
   * One pending row per active subscriber of {@code cadence}: those whose {@code cadence} is it,
   * and when it is the default cadence also those who chose none ({@code ''}) or one not in {@code
   * offered} (a cadence removed from feeds.yml: its readers fall back, nobody is dropped). Returns
   * the audience.
   */
  public int createFor(
      Connection c,
      long editionId,
      MessageIds messageIds,
      String cadence,
      boolean isDefault,
      List<String> offered)
      throws SQLException {
    return createFor(c, editionId, messageIds, cadence, isDefault, offered, null, 0, PENDING);
  }

  /**
   * What a group of readers left out, as stored on the subscriber: the topics ({@code
   * excluded_topics}) and, when feed choice counts, the feeds ({@code excluded_feeds}; {@code
   * null}: not compared, as when {@code digest.reader-feed-choice} is off).
   */
  public record ReaderChoice(String topics, String feeds) {
    public ReaderChoice {
      Objects.requireNonNull(topics, "topics");
    }
  }

  /**
   * The distinct choices among the readers {@link #createFor} takes: of topics alone, or of topics
   * and feeds when {@code byFeed}.
   */
  public List<ReaderChoice> readerChoices(
      Connection c, String cadence, boolean isDefault, List<String> offered, boolean byFeed)
      throws SQLException {
    Audience a = audience(cadence, isDefault, offered);
    List<ReaderChoice> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DISTINCT excluded_topics"
                + (byFeed ? ", excluded_feeds" : "")
                + " FROM subscriber WHERE status = ?"
                + a.sql())) {
      ps.setString(1, SubscriberStatus.ACTIVE.label());
      a.bind(ps, 2);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new ReaderChoice(rs.getString(1), byFeed ? rs.getString(2) : null));
        }
      }
    }
    return out;
  }

  /** Who of the active subscribers an edition of a cadence goes to, as SQL and its values. */
  private record Audience(String sql, List<String> values) {
    int bind(PreparedStatement ps, int from) throws SQLException {
      int i = from;
      for (String v : values) {
        ps.setString(i++, v);
      }
      return i;
    }
  }

  // A paused reader (the preference page) gets no edition until the pause ends.
  private static final String NOT_PAUSED =
      " AND (paused_until IS NULL OR paused_until <= CURRENT_TIMESTAMP)";

  private static Audience audience(String cadence, boolean isDefault, List<String> offered) {
    if (cadence.isEmpty()) {
      return new Audience(NOT_PAUSED, List.of());
    }
    StringBuilder who = new StringBuilder(NOT_PAUSED + " AND (cadence = ?");
    List<String> values = new ArrayList<>();
    values.add(cadence);
    if (isDefault) {
      who.append(" OR cadence = ''");
      if (!offered.isEmpty()) {
        who.append(" OR cadence NOT IN (")
            .append(String.join(",", java.util.Collections.nCopies(offered.size(), "?")))
            .append(')');
        values.addAll(offered);
      }
    }
    who.append(')');
    return new Audience(who.toString(), values);
  }

  /**
   * As {@link #createFor(Connection, long, MessageIds, String, boolean, List)}, only the readers
   * whose choice is {@code choice} (all when null), their rows sending {@code variant} in {@code
   * status} ({@code pending}, or {@link #SKIPPED} when the choice leaves the edition empty).
   * Returns how many rows were made.
   */
  public int createFor(
      Connection c,
      long editionId,
      MessageIds messageIds,
      String cadence,
      boolean isDefault,
      List<String> offered,
      ReaderChoice choice,
      int variant,
      String status)
      throws SQLException {
    Audience a = audience(cadence, isDefault, offered);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO delivery (edition_id, subscriber_id, email, status, attempts, message_id,"
                + " variant)"
                + " SELECT CAST(? AS BIGINT), id, email, CAST(? AS VARCHAR(20)), 0,"
                + " CAST(? AS VARCHAR(200)) || CAST(id AS VARCHAR(20)) || CAST(? AS VARCHAR(200)),"
                + " CAST(? AS INT)"
                + " FROM subscriber WHERE status = ?"
                + a.sql()
                + (choice == null ? "" : " AND excluded_topics = ?")
                + (choice == null || choice.feeds() == null ? "" : " AND excluded_feeds = ?"))) {
      ps.setLong(1, editionId);
      ps.setString(2, status);
      ps.setString(3, messageIds.prefix());
      ps.setString(4, messageIds.suffix());
      ps.setInt(5, variant);
      ps.setString(6, SubscriberStatus.ACTIVE.label());
      int i = a.bind(ps, 7);
      if (choice != null) {
        ps.setString(i++, choice.topics());
        if (choice.feeds() != null) {
          ps.setString(i, choice.feeds());
        }
      }
      return ps.executeUpdate();
    }
  }

  /**
   * How a delivery row's Message-ID is made from the subscriber id: {@code prefix + id + suffix},
   * e.g. {@code digest.12.} and {@code @example.org}.
   */
  public record MessageIds(String prefix, String suffix) {
    public MessageIds {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(suffix, "suffix");
    }

    public String of(long subscriberId) {
      return prefix + subscriberId + suffix;
    }
  }

  /**
   * Claims up to {@code batch} rows: pending ones, and {@code sending} ones older than {@code
   * staleAfter}.
   */
  public List<DeliveryRow> claim(long editionId, int batch, String worker, Duration staleAfter) {
    return claim(editionId, batch, worker, clock.instant().minus(staleAfter));
  }

  /**
   * Claims up to {@code batch} rows: {@code pending}, or {@code sending} and claimed before {@code
   * staleBefore}. They become {@code sending}, claimed by {@code worker} now, with one more
   * attempt, in one transaction.
   */
  public List<DeliveryRow> claim(long editionId, int batch, String worker, Instant staleBefore) {
    return claim(editionId, batch, worker, staleBefore, Long.MIN_VALUE);
  }

  /**
   * As {@link #claim(long, int, String, Instant)}, only rows whose subscriber id is above {@code
   * afterSubscriberId}: a run's cursor, so each claim reads a range of the primary key instead of
   * scanning past every row already sent (quadratic in the audience otherwise).
   */
  public List<DeliveryRow> claim(
      long editionId, int batch, String worker, Instant staleBefore, long afterSubscriberId) {
    Instant now = clock.instant();
    String select =
        "SELECT subscriber_id, email, message_id, attempts, variant FROM delivery"
            + " WHERE edition_id = ? AND subscriber_id > "
            + afterSubscriberId
            + " AND (status = ? OR (status = ? AND claimed_at < ?))"
            // H2 sorts every pending row to honour ORDER BY (its plan takes the status index):
            // O(audience) per claim; unordered it stops after the batch, in index (insert) order.
            + (db.dialect() == Dialect.POSTGRESQL ? " ORDER BY subscriber_id" : "")
            + " FETCH FIRST "
            + batch
            + " ROWS ONLY"
            // PostgreSQL only: H2's FOR UPDATE locks every matching row before FETCH FIRST (a
            // claim cost O(audience)); on H2 the conditional UPDATE below decides ownership alone.
            + (db.dialect() == Dialect.POSTGRESQL ? db.dialect().forUpdateSkipLocked() : "");
    // The same condition again in the UPDATE: on H2 (no SKIP LOCKED) two workers may select the
    // same rows; only the one whose UPDATE matched owns the row.
    String update =
        "UPDATE delivery SET status = ?, claimed_by = ?, claimed_at = ?, attempts = attempts + 1"
            + " WHERE edition_id = ? AND subscriber_id = ?"
            + " AND (status = ? OR (status = ? AND claimed_at < ?))";
    // H2 has no SKIP LOCKED: a worker that waited on another's locks may find every row it
    // selected already taken; it looks again rather than concluding that nothing is left.
    for (int tries = 0; ; tries++) {
      ClaimResult r = claimOnce(editionId, worker, now, staleBefore, select, update);
      if (!r.claimed().isEmpty() || r.candidates() == 0 || tries >= 10) {
        return r.claimed();
      }
    }
  }

  private record ClaimResult(int candidates, List<DeliveryRow> claimed) {}

  private ClaimResult claimOnce(
      long editionId,
      String worker,
      Instant now,
      Instant staleBefore,
      String select,
      String update) {
    return db.inTransaction(
        c -> {
          List<DeliveryRow> candidates = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(select)) {
            ps.setLong(1, editionId);
            ps.setString(2, PENDING);
            ps.setString(3, SENDING);
            ps.setObject(4, time(staleBefore));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                candidates.add(
                    new DeliveryRow(
                        editionId,
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4) + 1,
                        rs.getInt(5)));
              }
            }
          }
          List<DeliveryRow> claimed = new ArrayList<>(candidates.size());
          try (PreparedStatement ps = c.prepareStatement(update)) {
            for (DeliveryRow row : candidates) {
              ps.setString(1, SENDING);
              ps.setString(2, worker);
              ps.setObject(3, time(now));
              ps.setLong(4, editionId);
              ps.setLong(5, row.subscriberId());
              ps.setString(6, PENDING);
              ps.setString(7, SENDING);
              ps.setObject(8, time(staleBefore));
              ps.addBatch();
            }
            // One round trip for the batch; the per-row counts say which rows are ours.
            int[] counts = candidates.isEmpty() ? new int[0] : ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
              if (counts[i] == 1) {
                claimed.add(candidates.get(i));
              }
            }
          }
          return new ClaimResult(candidates.size(), claimed);
        });
  }

  public void markSent(DeliveryRow row) {
    markSent(List.of(row));
  }

  /** Marks the rows {@code sent} in one transaction (one commit for all). */
  public void markSent(List<DeliveryRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE delivery SET status = ?, sent_at = ?, last_error = NULL"
                      + " WHERE edition_id = ? AND subscriber_id = ?")) {
            for (DeliveryRow row : rows) {
              ps.setString(1, SENT);
              ps.setObject(2, time(now));
              ps.setLong(3, row.editionId());
              ps.setLong(4, row.subscriberId());
              if (rows.size() == 1) {
                return ps.executeUpdate();
              }
              ps.addBatch();
            }
            return ps.executeBatch().length;
          }
        });
  }

  /**
   * The message was refused for good ({@code permanent}) or retries ran out. Only a row still
   * {@code sending}: false when its subscriber was suppressed meanwhile (it stays suppressed).
   */
  public boolean markFailed(DeliveryRow row, boolean permanent, String error) {
    String text = (permanent ? "permanent: " : "transient: ") + error;
    return update(
            "UPDATE delivery SET status = ?, last_error = ?"
                + " WHERE edition_id = ? AND subscriber_id = ? AND status = ?",
            ps -> {
              ps.setString(1, FAILED);
              ps.setString(2, truncate(text));
              ps.setLong(3, row.editionId());
              ps.setLong(4, row.subscriberId());
              ps.setString(5, SENDING);
            })
        == 1;
  }

  /**
   * Which of a worker's claimed rows (of one edition) were suppressed since the claim: a bounce or
   * complaint processed meanwhile. One range of the primary key.
   */
  public Set<Long> suppressedAmong(List<DeliveryRow> rows) {
    if (rows.isEmpty()) {
      return Set.of();
    }
    return db.withConnection(
        c -> {
          Set<Long> ids = new HashSet<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT subscriber_id FROM delivery WHERE edition_id = ?"
                      + " AND subscriber_id BETWEEN ? AND ? AND status = ?")) {
            ps.setLong(1, rows.get(0).editionId());
            ps.setLong(2, rows.stream().mapToLong(DeliveryRow::subscriberId).min().orElseThrow());
            ps.setLong(3, rows.stream().mapToLong(DeliveryRow::subscriberId).max().orElseThrow());
            ps.setString(4, SUPPRESSED);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getLong(1));
              }
            }
          }
          return ids;
        });
  }

  /**
   * Counts one more attempt on a claimed row (a retry inside the same claim). False when the row is
   * no longer {@code sending}: its subscriber bounced or complained meanwhile (the row is {@code
   * suppressed}), and the retry must not happen.
   */
  public boolean recordAttempt(DeliveryRow row, String error) {
    return update(
            "UPDATE delivery SET attempts = attempts + 1, last_error = ?"
                + " WHERE edition_id = ? AND subscriber_id = ? AND status = ?",
            ps -> {
              ps.setString(1, truncate(error));
              ps.setLong(2, row.editionId());
              ps.setLong(3, row.subscriberId());
              ps.setString(4, SENDING);
            })
        == 1;
  }

  /**
   * Back to {@code pending} (a transient failure, or a pause): a later run sends it. Only a row
   * still {@code sending}, or one this run marked {@code failed} during an outage that a pause then
   * revealed: one marked sent stays sent, and one suppressed meanwhile (its subscriber bounced or
   * complained) stays suppressed instead of coming back to the queue.
   */
  public void release(DeliveryRow row, String error) {
    update(
        "UPDATE delivery SET status = ?, claimed_by = NULL, claimed_at = NULL, last_error = ?"
            + " WHERE edition_id = ? AND subscriber_id = ? AND status IN (?, ?)",
        ps -> {
          ps.setString(1, PENDING);
          ps.setString(2, error == null ? null : truncate(error));
          ps.setLong(3, row.editionId());
          ps.setLong(4, row.subscriberId());
          ps.setString(5, SENDING);
          ps.setString(6, FAILED);
        });
  }

  /**
   * An edition's rows by status: one range of the {@code (edition_id, status)} index, which holds
   * every column the query reads (the runner asks this every half second while it sends).
   */
  public DeliveryCounts counts(long editionId) {
    return db.withConnection(
        c -> {
          DeliveryCounts counts = new DeliveryCounts(0, 0, 0, 0);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT status, COUNT(*) FROM delivery WHERE edition_id = ? GROUP BY status")) {
            ps.setLong(1, editionId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                counts = counts.with(rs.getString(1), rs.getInt(2));
              }
            }
          }
          return counts;
        });
  }

  /**
   * Rows a worker could claim now: {@code pending}, or {@code sending} claimed before {@code
   * staleBefore}.
   */
  public int claimable(long editionId, Instant staleBefore) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM delivery WHERE edition_id = ?"
                      + " AND (status = ? OR (status = ? AND claimed_at < ?))")) {
            ps.setLong(1, editionId);
            ps.setString(2, PENDING);
            ps.setString(3, SENDING);
            ps.setObject(4, time(staleBefore));
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  /** Editions that still have {@code pending} or {@code sending} rows, oldest first. */
  public List<Long> openEditions() {
    return db.withConnection(
        c -> {
          List<Long> ids = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT DISTINCT edition_id FROM delivery WHERE status IN (?, ?)"
                      + " ORDER BY edition_id")) {
            ps.setString(1, PENDING);
            ps.setString(2, SENDING);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getLong(1));
              }
            }
          }
          return ids;
        });
  }

  /** One row's state, for the admin page and tests. */
  public record Status(
      long subscriberId,
      String email,
      String status,
      int attempts,
      String lastError,
      String messageId) {}

  /**
   * Every row of an edition, by subscriber id, in one list: for tests and small editions only; the
   * admin pages read {@link DeliveryOverviewRepository}, bounded by what a page shows.
   */
  public List<Status> rows(long editionId) {
    return db.withConnection(
        c -> {
          List<Status> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT subscriber_id, email, status, attempts, last_error, message_id"
                      + " FROM delivery WHERE edition_id = ? ORDER BY subscriber_id")) {
            ps.setLong(1, editionId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(status(rs));
              }
            }
          }
          return out;
        });
  }

  /**
   * A {@link Status} from a row of {@code subscriber_id, email, status, attempts, last_error,
   * message_id}, in that order.
   */
  static Status status(ResultSet rs) throws SQLException {
    return new Status(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getInt(4),
        rs.getString(5),
        rs.getString(6));
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private int update(String sql, Binder binder) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
          }
        });
  }

  private static String truncate(String s) {
    return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
