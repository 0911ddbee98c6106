package dev.digest.subscribe;

import dev.digest.store.Database;
import dev.digest.store.SqlStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The {@code subscriber} table. Addresses are unique ignoring case. Thread-safe. */
public final class SubscriberRepository {

  /** Consecutive permanent delivery failures that make a subscriber {@code bounced}. */
  public static final int BOUNCE_LIMIT = 3;

  private static final String COLUMNS =
      "id, email, status, created_at, confirmed_at, unsubscribed_at, cadence, excluded_topics,"
          + " paused_until, excluded_feeds";

  private final Database db;
  private final Clock clock;

  public SubscriberRepository(Database db) {
    this(db, Clock.systemUTC());
  }

  public SubscriberRepository(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Optional<Subscriber> find(long id) {
    return db.withConnection(c -> one(c, "WHERE id = ?", ps -> ps.setLong(1, id)));
  }

  public Optional<Subscriber> findByEmail(String email) {
    return db.withConnection(c -> one(c, "WHERE email_key = ?", ps -> ps.setString(1, key(email))));
  }

  /** Every subscriber, or those with one status, ordered by address. */
  public List<Subscriber> list(Optional<SubscriberStatus> status) {
    return db.withConnection(
        c -> {
          if (status.isPresent()) {
            return many(
                c,
                "WHERE status = ? ORDER BY email_key",
                ps -> ps.setString(1, status.get().label()));
          }
          return many(c, "ORDER BY email_key", ps -> {});
        });
  }

  public Map<SubscriberStatus, Integer> countByStatus() {
    return db.withConnection(
        c -> {
          Map<SubscriberStatus, Integer> counts = new EnumMap<>(SubscriberStatus.class);
          for (SubscriberStatus s : SubscriberStatus.values()) {
            counts.put(s, 0);
          }
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery("SELECT status, COUNT(*) FROM subscriber GROUP BY status")) {
            while (rs.next()) {
              counts.put(SubscriberStatus.parse(rs.getString(1)), rs.getInt(2));
            }
          }
          return counts;
        });
  }

  /**
   * Adds {@code email} with {@code status}, or returns the existing subscriber unchanged when the
   * address (ignoring case) is already known. The caller validated the address.
   */
  public Subscriber add(String email, SubscriberStatus status) {
    Objects.requireNonNull(email, "email");
    Optional<Subscriber> existing = findByEmail(email);
    if (existing.isPresent()) {
      return existing.get();
    }
    Instant now = clock.instant();
    try {
      return db.withConnection(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO subscriber (email, email_key, status, created_at, confirmed_at,"
                        + " updated_at, bounce_count) VALUES (?, ?, ?, ?, ?, ?, 0)",
                    Statement.RETURN_GENERATED_KEYS)) {
              ps.setString(1, email);
              ps.setString(2, key(email));
              ps.setString(3, status.label());
              ps.setObject(4, time(now));
              ps.setObject(5, status == SubscriberStatus.ACTIVE ? time(now) : null);
              ps.setObject(6, time(now));
              ps.executeUpdate();
              try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                long id = keys.getLong(1);
                return new Subscriber(
                    id,
                    email,
                    status,
                    now,
                    status == SubscriberStatus.ACTIVE ? Optional.of(now) : Optional.empty(),
                    Optional.empty());
              }
            }
          });
    } catch (RuntimeException e) {
      // Two requests for one new address at once: the loser returns the winner's row.
      if (SqlStates.isUniqueViolation(e)) {
        return findByEmail(email).orElseThrow(() -> e);
      }
      throw e;
    }
  }

  /**
   * Sets the status; {@code active} stamps confirmed_at (and clears the bounce count), {@code
   * unsubscribed} stamps unsubscribed_at. Returns false when there is no such subscriber.
   */
  public boolean setStatus(long id, SubscriberStatus status) {
    Instant now = clock.instant();
    String stamp;
    switch (status) {
      case ACTIVE:
        stamp = ", confirmed_at = ?, bounce_count = 0";
        break;
      case UNSUBSCRIBED:
        stamp = ", unsubscribed_at = ?";
        break;
      default:
        stamp = "";
    }
    String sql = "UPDATE subscriber SET status = ?, updated_at = ?" + stamp + " WHERE id = ?";
    return db.withConnection(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, status.label());
                ps.setObject(i++, time(now));
                if (!stamp.isEmpty()) {
                  ps.setObject(i++, time(now));
                }
                ps.setLong(i, id);
                return ps.executeUpdate();
              }
            })
        > 0;
  }

  /**
   * Counts one more consecutive permanent delivery failure; the {@value #BOUNCE_LIMIT}rd makes an
   * active subscriber {@code bounced}. Returns the new status.
   */
  public Optional<SubscriberStatus> recordPermanentFailure(long id) {
    Instant now = clock.instant();
    return db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE subscriber SET bounce_count = bounce_count + 1, updated_at = ?"
                      + " WHERE id = ?")) {
            ps.setObject(1, time(now));
            ps.setLong(2, id);
            if (ps.executeUpdate() == 0) {
              return Optional.empty();
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE subscriber SET status = ? WHERE id = ? AND bounce_count >= ?"
                      + " AND status = ?")) {
            ps.setString(1, SubscriberStatus.BOUNCED.label());
            ps.setLong(2, id);
            ps.setInt(3, BOUNCE_LIMIT);
            ps.setString(4, SubscriberStatus.ACTIVE.label());
            ps.executeUpdate();
          }
          return one(c, "WHERE id = ?", ps -> ps.setLong(1, id)).map(Subscriber::status);
        });
  }

  /** A delivery went through: the run of permanent failures is over. */
  public void recordSuccess(long id) {
    db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE subscriber SET bounce_count = 0 WHERE id = ? AND bounce_count <> 0")) {
            ps.setLong(1, id);
            return ps.executeUpdate();
          }
        });
  }

  /** The consecutive permanent failures counted so far (0 for an unknown id). */
  public int bounceCount(long id) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT bounce_count FROM subscriber WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getInt(1) : 0;
            }
          }
        });
  }

  /** Ids of subscribers with at least one recent permanent failure (bounce_count > 0). */
  public java.util.Set<Long> withBounces() {
    return db.withConnection(
        c -> {
          java.util.Set<Long> ids = new java.util.HashSet<>();
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT id FROM subscriber WHERE bounce_count > 0")) {
            while (rs.next()) {
              ids.add(rs.getLong(1));
            }
          }
          return ids;
        });
  }

  /** What a bulk import did. */
  public record ImportResult(int added, int existing) {}

  /**
   * Adds many validated addresses with {@code status} in one transaction; addresses already known
   * (ignoring case, also within {@code emails}) are left unchanged. Idempotent: a second import of
   * the same list adds nothing.
   */
  public ImportResult addAll(java.util.Collection<String> emails, SubscriberStatus status) {
    java.util.Map<String, String> byKey = new java.util.LinkedHashMap<>();
    for (String e : emails) {
      byKey.putIfAbsent(key(e), e.trim());
    }
    int duplicatesInInput = emails.size() - byKey.size();
    Instant now = clock.instant();
    return db.inTransaction(
        c -> {
          java.util.Set<String> known = new java.util.HashSet<>();
          List<String> keys = new ArrayList<>(byKey.keySet());
          for (int from = 0; from < keys.size(); from += 500) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT email_key FROM subscriber WHERE email_key IN (" + marks + ")")) {
              for (int i = 0; i < chunk.size(); i++) {
                ps.setString(i + 1, chunk.get(i));
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  known.add(rs.getString(1));
                }
              }
            }
          }
          int added = 0;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO subscriber (email, email_key, status, created_at, confirmed_at,"
                      + " updated_at, bounce_count) VALUES (?, ?, ?, ?, ?, ?, 0)")) {
            for (Map.Entry<String, String> e : byKey.entrySet()) {
              if (known.contains(e.getKey())) {
                continue;
              }
              ps.setString(1, e.getValue());
              ps.setString(2, e.getKey());
              ps.setString(3, status.label());
              ps.setObject(4, time(now));
              ps.setObject(5, status == SubscriberStatus.ACTIVE ? time(now) : null);
              ps.setObject(6, time(now));
              ps.addBatch();
              if (++added % 1000 == 0) {
                ps.executeBatch();
              }
            }
            ps.executeBatch();
          }
          return new ImportResult(added, known.size() + duplicatesInInput);
        });
  }

  /**
   * Sets the reader's cadence ({@code ""}: back to the default); false when the id is unknown. The
   * caller checks that feeds.yml offers it.
   */
  public boolean setCadence(long id, String cadence) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE subscriber SET cadence = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, cadence == null ? "" : cadence);
            ps.setObject(2, time(clock.instant()));
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * Sets the topics the reader leaves out (stored as {@link TopicChoice#format}); false when
   * unknown.
   */
  public boolean setExcludedTopics(long id, java.util.Collection<String> topics) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE subscriber SET excluded_topics = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, TopicChoice.format(topics));
            ps.setObject(2, time(clock.instant()));
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * Sets the feeds (feeds.yml URLs) the reader leaves out (stored as {@link
   * TopicChoice#formatFeeds}); false when the id is unknown.
   */
  public boolean setExcludedFeeds(long id, java.util.Collection<String> feedUrls) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE subscriber SET excluded_feeds = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, TopicChoice.formatFeeds(feedUrls));
            ps.setObject(2, time(clock.instant()));
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * No edition goes to the reader before {@code until} ({@code null}: not paused); false when
   * unknown.
   */
  public boolean setPausedUntil(long id, Instant until) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE subscriber SET paused_until = ?, updated_at = ? WHERE id = ?")) {
            ps.setObject(1, until == null ? null : time(until));
            ps.setObject(2, time(clock.instant()));
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** Unsubscribes {@code email}; false when the address is unknown. */
  public boolean remove(String email) {
    Optional<Subscriber> s = findByEmail(email);
    return s.isPresent() && setStatus(s.get().id(), SubscriberStatus.UNSUBSCRIBED);
  }

  private static String key(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private static Optional<Subscriber> one(Connection c, String where, Binder binder)
      throws SQLException {
    List<Subscriber> all = many(c, where, binder);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  private static List<Subscriber> many(Connection c, String where, Binder binder)
      throws SQLException {
    List<Subscriber> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM subscriber " + where)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Subscriber(
                  rs.getLong("id"),
                  rs.getString("email"),
                  SubscriberStatus.parse(rs.getString("status")),
                  instant(rs, "created_at"),
                  Optional.ofNullable(instant(rs, "confirmed_at")),
                  Optional.ofNullable(instant(rs, "unsubscribed_at")),
                  rs.getString("cadence"),
                  TopicChoice.parse(rs.getString("excluded_topics")),
                  Optional.ofNullable(instant(rs, "paused_until")),
                  TopicChoice.parse(rs.getString("excluded_feeds"))));
        }
      }
    }
    return out;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
