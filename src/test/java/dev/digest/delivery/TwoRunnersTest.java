package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.mail.OutgoingMail;
import dev.digest.store.Dialect;
import dev.digest.subscribe.RecordingMailer;
import dev.digest.subscribe.RecordingMailer.Fault;
import dev.digest.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two runners (standing for two nodes) share one edition's rows: each is sent exactly once. On
 * PostgreSQL, where several nodes share one database (claims by {@code FOR UPDATE SKIP LOCKED}),
 * and on H2, where two {@code deliver} calls of one process can meet (claims decided by the
 * conditional UPDATE alone). PostgreSQL is skipped when it is not there.
 */
class TwoRunnersTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.Kind.class)
  void twoRunnersInParallelDeliverEachRowExactlyOnce(TestDatabase.Kind kind) {
    try (DeliveryFixture f = DeliveryFixture.of(kind)) {
      assertThat(f.db.dialect())
          .isEqualTo(kind == TestDatabase.Kind.H2 ? Dialect.H2 : Dialect.POSTGRESQL);
      deliverWithTwoRunners(f);
    }
  }

  private static void deliverWithTwoRunners(DeliveryFixture f) {
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
