package dev.digest.feed;

import dev.digest.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code feed_state} table: validators for conditional GET, health, backoff, moves. */
public final class FeedStateRepository {

  private static final String COLUMNS =
      "feed_url, etag, last_modified, last_status, last_error, last_fetched_at, last_success_at,"
          + " items_last_fetch, consecutive_failures, next_fetch_after, moved_to, moved_seen";

  private final Database db;

  public FeedStateRepository(Database db) {
    this.db = db;
  }

  public Optional<FeedState> find(String feedUrl) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM feed_state WHERE feed_url = ?")) {
            ps.setString(1, feedUrl);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<FeedState>empty();
            }
          }
        });
  }

  /** Every stored state, by URL. */
  public List<FeedState> findAll() {
    return db.withConnection(
        c -> {
          List<FeedState> all = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT " + COLUMNS + " FROM feed_state ORDER BY feed_url");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              all.add(read(rs));
            }
          }
          return all;
        });
  }

  /** Every stored state, keyed by URL: one query instead of one per feed. */
  public Map<String, FeedState> findAllByUrl() {
    Map<String, FeedState> byUrl = new HashMap<>();
    for (FeedState s : findAll()) {
      byUrl.put(s.feedUrl(), s);
    }
    return byUrl;
  }

  /** Inserts or replaces the row of {@code state.feedUrl()}. */
  public void save(FeedState s) {
    db.inTransaction(
        c -> {
          save(c, s);
          return null;
        });
  }

  /** A feed's new state and, after a 200, the articles behind its validators. */
  public record Update(FeedState state, Optional<FeedArticlesRepository.Entry> articles) {}

  /**
   * Stores several feeds in one transaction (one commit, one file write on H2, instead of one or
   * two per feed), each feed's articles before its validators.
   */
  public void saveAll(List<Update> updates, Optional<FeedArticlesRepository> articles) {
    db.inTransaction(
        c -> {
          List<FeedState> states = new ArrayList<>(updates.size());
          for (Update u : updates) {
            if (u.articles().isPresent()) {
              articles.orElseThrow().save(c, u.articles().get());
            }
            states.add(u.state());
          }
          save(c, states);
          return null;
        });
  }

  private static final String UPDATE =
      "UPDATE feed_state SET etag = ?, last_modified = ?, last_status = ?, last_error = ?,"
          + " last_fetched_at = ?, last_success_at = ?, items_last_fetch = ?,"
          + " consecutive_failures = ?, next_fetch_after = ?, moved_to = ?, moved_seen = ?"
          + " WHERE feed_url = ?";

  private static final String INSERT =
      "INSERT INTO feed_state (etag, last_modified, last_status, last_error, last_fetched_at,"
          + " last_success_at, items_last_fetch, consecutive_failures, next_fetch_after,"
          + " moved_to, moved_seen, feed_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** As {@link #save(FeedState)}, inside the caller's transaction. */
  public void save(Connection c, FeedState s) throws SQLException {
    save(c, List.of(s));
  }

  /**
   * Inserts or replaces the rows of {@code states}, inside the caller's transaction, as saving them
   * one by one would (of two states of one URL the later wins): one prepared UPDATE run as a batch,
   * then one INSERT batch for the rows it did not find. Preparing two statements per feed was most
   * of storing a check's 200 or 1,000 states.
   */
  void save(Connection c, List<FeedState> all) throws SQLException {
    if (all.isEmpty()) {
      return;
    }
    Map<String, FeedState> last = new java.util.LinkedHashMap<>();
    for (FeedState s : all) {
      last.remove(s.feedUrl());
      last.put(s.feedUrl(), s);
    }
    List<FeedState> states = new ArrayList<>(last.values());
    int[] counts;
    try (PreparedStatement up = c.prepareStatement(UPDATE)) {
      for (FeedState s : states) {
        bind(up, 1, s);
        up.setString(12, s.feedUrl());
        up.addBatch();
      }
      counts = up.executeBatch();
    }
    List<FeedState> missing = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      // SUCCESS_NO_INFO (-2) would mean "done, count unknown": counted as found, never inserted
      // twice; H2 and PostgreSQL both report counts.
      if (counts[i] == 0) {
        missing.add(states.get(i));
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    try (PreparedStatement in = c.prepareStatement(INSERT)) {
      for (FeedState s : missing) {
        bind(in, 1, s);
        in.setString(12, s.feedUrl());
        in.addBatch();
      }
      in.executeBatch();
    }
  }

  private static void bind(PreparedStatement ps, int i, FeedState s) throws SQLException {
    ps.setString(i, truncate(s.etag().orElse(null), 1024));
    ps.setString(i + 1, truncate(s.lastModified().orElse(null), 256));
    ps.setInt(i + 2, s.lastStatus());
    ps.setString(i + 3, truncate(s.lastError().orElse(null), 2000));
    time(ps, i + 4, s.lastFetchedAt());
    time(ps, i + 5, s.lastSuccessAt());
    ps.setInt(i + 6, s.itemsLastFetch());
    ps.setInt(i + 7, s.consecutiveFailures());
    time(ps, i + 8, s.nextFetchAfter());
    ps.setString(i + 9, truncate(s.movedTo().orElse(null), 2048));
    ps.setInt(i + 10, s.movedSeen());
  }

  private static void time(PreparedStatement ps, int i, Optional<Instant> t) throws SQLException {
    if (t.isPresent()) {
      ps.setObject(i, OffsetDateTime.ofInstant(t.get(), ZoneOffset.UTC));
    } else {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private static FeedState read(ResultSet rs) throws SQLException {
    return new FeedState(
        rs.getString("feed_url"),
        Optional.ofNullable(rs.getString("etag")),
        Optional.ofNullable(rs.getString("last_modified")),
        rs.getInt("last_status"),
        Optional.ofNullable(rs.getString("last_error")),
        instant(rs, "last_fetched_at"),
        instant(rs, "last_success_at"),
        rs.getInt("items_last_fetch"),
        rs.getInt("consecutive_failures"),
        instant(rs, "next_fetch_after"),
        Optional.ofNullable(rs.getString("moved_to")),
        rs.getInt("moved_seen"));
  }

  private static Optional<Instant> instant(ResultSet rs, String col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
  }
}
