package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.DatabaseSettings;
import dev.digest.mail.OutgoingMail;
import dev.digest.store.Database;
import dev.digest.store.Dialect;
import dev.digest.subscribe.RecordingMailer;
import dev.digest.subscribe.RecordingMailer.Fault;
import dev.digest.testing.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two runners (standing for two nodes) share one edition's rows on PostgreSQL. */
class PostgresDeliveryTest {

  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

  String schema;
  DeliveryFixture f;

  @BeforeEach
  void open() throws SQLException {
    LocalPostgres.assumeReachable();
    schema =
        "t"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 16)
                .toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    f =
        new DeliveryFixture(
            Database.open(
                new DatabaseSettings(SERVER + "?currentSchema=" + schema, "postgres", "")));
  }

  @AfterEach
  void drop() throws SQLException {
    if (f != null) {
      f.close();
    }
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
          Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Test
  void twoRunnersInParallelDeliverEachRowExactlyOnce() {
    assertThat(f.db.dialect()).isEqualTo(Dialect.POSTGRESQL);
    f.subscribe(300);
    // A little latency per message, as with a real server, so both nodes get a share.
    RecordingMailer.Script slow =
        (m, i) -> {
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Fault.NONE;
        };
    RecordingMailer mailerA = new RecordingMailer().failing(slow);
    RecordingMailer mailerB = new RecordingMailer().failing(slow);
    DeliveryRunner nodeA = f.runner(mailerA, 3, DeliveryFixture.fastPolicy(5, 20, 10));
    DeliveryRunner nodeB = f.runner(mailerB, 3, DeliveryFixture.fastPolicy(5, 20, 10));
    long edition = f.edition(nodeA);

    CompletableFuture<DeliveryReport> a =
        CompletableFuture.supplyAsync(() -> nodeA.deliver(edition, null));
    CompletableFuture<DeliveryReport> b =
        CompletableFuture.supplyAsync(() -> nodeB.deliver(edition, null));
    DeliveryReport ra = a.join();
    DeliveryReport rb = b.join();

    assertThat(ra.sent() + rb.sent()).isEqualTo(300);
    assertThat(ra.sent()).as("node A's share").isPositive();
    assertThat(rb.sent()).as("node B's share").isPositive();
    List<OutgoingMail> all = new ArrayList<>(mailerA.sent());
    all.addAll(mailerB.sent());
    Map<String, Long> per =
        all.stream().collect(Collectors.groupingBy(OutgoingMail::to, Collectors.counting()));
    assertThat(per).hasSize(300);
    assertThat(per.values()).containsOnly(1L);
    assertThat(f.deliveries.counts(edition)).isEqualTo(new DeliveryCounts(0, 0, 300, 0));
    assertThat(f.editions.find(edition).orElseThrow().finished()).isTrue();
  }
}
