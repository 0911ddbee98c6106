package dev.digest.delivery;

import dev.digest.delivery.DeliveryRepository.Status;
import dev.digest.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Read-only views of the {@code delivery} table for the admin pages and /metrics. Each is one query
 * whose result is bounded by what a page shows (a limit, the editions listed), never by the size of
 * an edition's audience. Thread-safe.
 */
public final class DeliveryOverviewRepository {

  private final Database db;

  public DeliveryOverviewRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * The first {@code limit} rows of an edition, by subscriber id, that failed or carry an error (a
   * transient one on a row still pending counts too). An empty {@code last_error} is no error, and
   * a NULL one is not {@code <> ''}, so neither matches.
   */
  public List<Status> failures(long editionId, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    return db.withConnection(
        c -> {
          List<Status> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT subscriber_id, email, status, attempts, last_error, message_id"
                      + " FROM delivery WHERE edition_id = ? AND (status = ? OR last_error <> '')"
                      + " ORDER BY subscriber_id FETCH FIRST "
                      + limit
                      + " ROWS ONLY")) {
            ps.setLong(1, editionId);
            ps.setString(2, DeliveryRepository.FAILED);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(DeliveryRepository.status(rs));
              }
            }
          }
          return out;
        });
  }

  /**
   * {@link DeliveryRepository#counts} of each edition, in one query: an entry per id asked for, in
   * the order asked (an edition without rows has zeros). The IN list grows with the number of
   * editions shown, not with their audience.
   */
  public Map<Long, DeliveryCounts> countsByEdition(Collection<Long> editionIds) {
    Map<Long, DeliveryCounts> out = new LinkedHashMap<>();
    for (Long id : editionIds) {
      out.put(id, new DeliveryCounts(0, 0, 0, 0));
    }
    if (out.isEmpty()) {
      return out;
    }
    String marks = String.join(", ", Collections.nCopies(out.size(), "?"));
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT edition_id, status, COUNT(*) FROM delivery WHERE edition_id IN ("
                      + marks
                      + ") GROUP BY edition_id, status")) {
            int i = 1;
            for (Long id : out.keySet()) {
              ps.setLong(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long id = rs.getLong(1);
                String status = rs.getString(2);
                int n = rs.getInt(3);
                out.computeIfPresent(id, (k, counts) -> counts.with(status, n));
              }
            }
          }
          return out;
        });
  }
}
