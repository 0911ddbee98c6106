package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.subscribe.RecordingMailer;
import dev.digest.subscribe.RecordingMailer.Fault;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The runner counts an edition's rows for progress only when someone listens: H2's query statistics
 * say how often the count ran.
 */
class ProgressCountsTest {

  static final String COUNT_SQL =
      "SELECT status, COUNT(*) FROM delivery WHERE edition_id = ? GROUP BY status";

  @Test
  void withoutAListenerTheRowsAreCountedOnceAtTheEndOnly() {
    try (DeliveryFixture f = DeliveryFixture.h2()) {
      f.subscribe(120);
      // 10 ms a message on one connection: each run lasts over a second, two progress periods.
      RecordingMailer mailer =
          new RecordingMailer()
              .failing(
                  (m, i) -> {
                    try {
                      Thread.sleep(10);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    return Fault.NONE;
                  });
      DeliveryRunner runner = f.runner(mailer, 1, DeliveryFixture.fastPolicy(3, 20, 10));
      long quiet = f.edition(runner);
      long watched = f.edition(runner);
      f.db.withConnection(
          c -> {
            try (Statement st = c.createStatement()) {
              return st.execute("SET QUERY_STATISTICS TRUE");
            }
          });

      DeliveryReport report = runner.deliver(quiet, DeliveryListener.NONE);
      assertThat(report.counts()).isEqualTo(new DeliveryCounts(0, 0, 120, 0));
      assertThat(countsRun(f)).as("the final count of the report only").isEqualTo(1);

      List<DeliveryCounts> seen = new CopyOnWriteArrayList<>();
      runner.deliver(watched, (counts, rate) -> seen.add(counts));
      assertThat(seen).hasSizeGreaterThan(1).last().isEqualTo(new DeliveryCounts(0, 0, 120, 0));
      assertThat(countsRun(f)).isEqualTo(1 + seen.size());
    }
  }

  static long countsRun(DeliveryFixture f) {
    return f.db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COALESCE(SUM(EXECUTION_COUNT), 0) FROM INFORMATION_SCHEMA.QUERY_STATISTICS"
                      + " WHERE SQL_STATEMENT = ?")) {
            ps.setString(1, COUNT_SQL);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }
}
