package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digest.edition.StoredEdition;
import dev.digest.mail.OutgoingMail;
import dev.digest.render.DigestTemplate;
import dev.digest.subscribe.RecordingMailer;
import dev.digest.subscribe.RecordingMailer.Fault;
import dev.digest.subscribe.SubscriberStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryRunnerTest {

  final DeliveryFixture f = DeliveryFixture.h2();

  @AfterEach
  void close() {
    f.close();
  }

  static Map<String, Long> perRecipient(List<OutgoingMail> mails) {
    return mails.stream().collect(Collectors.groupingBy(OutgoingMail::to, Collectors.counting()));
  }

  @Test
  void everyoneExactlyOnceThenNothingMore() {
    List<Long> ids = f.subscribe(40);
    f.subscribers.add("pending@example.net", SubscriberStatus.PENDING);
    RecordingMailer mailer = new RecordingMailer();
    DeliveryRunner runner = f.runner(mailer, 4, DeliveryFixture.fastPolicy(5, 20, 3));
    long edition = f.edition(runner);
    List<DeliveryCounts> progress = new CopyOnWriteArrayList<>();

    DeliveryReport report = runner.deliver(edition, (counts, rate) -> progress.add(counts));

    assertThat(report.sent()).isEqualTo(40);
    assertThat(report.failed()).isZero();
    assertThat(report.paused()).isFalse();
    assertThat(report.complete()).isTrue();
    assertThat(report.counts()).isEqualTo(new DeliveryCounts(0, 0, 40, 0));
    assertThat(progress).last().isEqualTo(new DeliveryCounts(0, 0, 40, 0));
    Map<String, Long> counts = perRecipient(mailer.sent());
    assertThat(counts).hasSize(40).doesNotContainKey("pending@example.net");
    assertThat(counts.values()).containsOnly(1L);
    assertThat(f.editions.find(edition).orElseThrow().status()).isEqualTo(StoredEdition.SENT);

    DeliveryReport again =
        f.runner(mailer, 4, DeliveryFixture.fastPolicy(5, 20, 3)).deliver(edition, null);
    assertThat(again.sent()).isZero();
    assertThat(mailer.sent()).hasSize(40);
    assertThat(f.deliveries.openEditions()).isEmpty();
    assertThat(ids).hasSize(40);
  }

  @Test
  void messagesArePersonalAndCarryListHeaders() {
    long id = f.subscribe(1).get(0);
    RecordingMailer mailer = new RecordingMailer();
    DeliveryRunner runner = f.runner(mailer, 1, DeliveryFixture.fastPolicy(5, 20, 10));
    long edition = f.edition(runner);
    runner.deliver(edition, null);

    OutgoingMail m = mailer.sent().get(0);
    String unsubscribe = "http://localhost:8080/unsubscribe?token=" + f.tokens.unsubscribeToken(id);
    assertThat(m.from()).isEqualTo("The Brief <brief@example.org>");
    assertThat(m.to()).isEqualTo("reader0000@example.net");
    assertThat(m.subject()).isEqualTo("The Brief #1");
    assertThat(m.html())
        .contains("href=\"" + unsubscribe + "\"")
        .doesNotContain(DigestTemplate.UNSUBSCRIBE_URL);
    assertThat(m.text()).contains(unsubscribe).doesNotContain(DigestTemplate.UNSUBSCRIBE_URL);
    assertThat(m.messageId()).isEqualTo("digest." + edition + "." + id + "@example.org");
    assertThat(m.headers())
        .containsEntry("List-Id", "<brief.example.org>")
        .containsEntry(
            "List-Unsubscribe",
            "<" + unsubscribe + ">, <mailto:brief@example.org?subject=unsubscribe>")
        .containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  }

  @Test
  void transientFailuresAreRetried() {
    f.subscribe(5);
    // The first two attempts for reader0002 fail with 421, the third goes through.
    int[] seen = {0};
    RecordingMailer mailer =
        new RecordingMailer()
            .failing(
                (m, i) -> {
                  if (m.to().startsWith("reader0002")) {
                    synchronized (seen) {
                      return ++seen[0] <= 2 ? Fault.TRANSIENT : Fault.NONE;
                    }
                  }
                  return Fault.NONE;
                });
    DeliveryRunner runner = f.runner(mailer, 1, DeliveryFixture.fastPolicy(5, 20, 10));
    long edition = f.edition(runner);
    DeliveryReport report = runner.deliver(edition, null);

    assertThat(report.sent()).isEqualTo(5);
    assertThat(perRecipient(mailer.sent()).values()).containsOnly(1L);
    assertThat(mailer.attempts()).hasSize(7);
    DeliveryRepository.Status row =
        f.deliveries.rows(edition).stream()
            .filter(r -> r.email().startsWith("reader0002"))
            .findFirst()
            .orElseThrow();
    assertThat(row.status()).isEqualTo("sent");
    assertThat(row.attempts()).isEqualTo(3);
  }

  @Test
  void retriesRunOutForOneAddressWhileOthersGoThrough() {
    f.subscribe(6);
    RecordingMailer mailer =
        new RecordingMailer().failingFor(to -> to.startsWith("reader0001"), Fault.RUNTIME);
    DeliveryRunner runner = f.runner(mailer, 1, DeliveryFixture.fastPolicy(3, 20, 10));
    long edition = f.edition(runner);
    DeliveryReport report = runner.deliver(edition, null);

    assertThat(report.sent()).isEqualTo(5);
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.paused()).isFalse();
    assertThat(report.counts()).isEqualTo(new DeliveryCounts(0, 0, 5, 1));
    DeliveryRepository.Status row = f.failedRow(edition);
    assertThat(row.email()).isEqualTo("reader0001@example.net");
    // Its first 3 attempts came before any later success (could have been an outage): it went
    // back to pending; 3 more after the others went through, then it failed for good.
    assertThat(row.attempts()).isEqualTo(6);
    assertThat(row.lastError()).startsWith("transient: ").contains("connection reset");
    // A transient failure is not a bounce.
    assertThat(f.subscribers.bounceCount(row.subscriberId())).isZero();
    assertThat(f.editions.find(edition).orElseThrow().finished()).isTrue();
  }

  @Test
  void permanentFailuresFailTheRowAndTheThirdInARowBounces() {
    List<Long> ids = f.subscribe(3);
    long bad = ids.get(1);
    RecordingMailer mailer =
        new RecordingMailer().failingFor(to -> to.startsWith("reader0001"), Fault.PERMANENT);
    DeliveryRunner runner = f.runner(mailer, 2, DeliveryFixture.fastPolicy(5, 20, 10));

    for (int round = 1; round <= 3; round++) {
      long edition = f.edition(runner);
      DeliveryReport report = runner.deliver(edition, null);
      assertThat(report.sent()).isEqualTo(2);
      assertThat(report.failed()).isEqualTo(1);
      DeliveryRepository.Status row =
          f.deliveries.rows(edition).stream()
              .filter(r -> r.subscriberId() == bad)
              .findFirst()
              .orElseThrow();
      assertThat(row.status()).isEqualTo("failed");
      assertThat(row.attempts()).isEqualTo(1);
      assertThat(row.lastError()).startsWith("permanent: 550");
      assertThat(f.subscribers.find(bad).orElseThrow().status())
          .isEqualTo(round < 3 ? SubscriberStatus.ACTIVE : SubscriberStatus.BOUNCED);
    }
    long fourth = f.edition(runner);
    assertThat(f.deliveries.counts(fourth).total()).isEqualTo(2);
  }

  /**
   * Each worker hands over a message only once its previous one is recorded sent: at every
   * hand-off, at most one accepted message per other worker is not committed yet. That bounds what
   * a kill can make us send twice by the pool size.
   */
  @Test
  void atEveryHandOffAtMostOneUnrecordedMessagePerOtherWorker() {
    f.subscribe(60);
    int pool = 3;
    java.util.concurrent.atomic.AtomicInteger accepted =
        new java.util.concurrent.atomic.AtomicInteger();
    List<Integer> unrecorded = new CopyOnWriteArrayList<>();
    RecordingMailer mailer =
        new RecordingMailer()
            .failing(
                (m, i) -> {
                  // Runs at each hand-off; one at a time, so no other hand-off happens between
                  // the count of accepted messages and the database read.
                  synchronized (accepted) {
                    int sentRows = f.deliveries.counts(edition[0]).sent();
                    unrecorded.add(accepted.getAndIncrement() - sentRows);
                  }
                  return Fault.NONE;
                });
    DeliveryRunner runner = f.runner(mailer, pool, DeliveryFixture.fastPolicy(5, 20, 7));
    edition[0] = f.edition(runner);
    DeliveryReport report = runner.deliver(edition[0], null);
    assertThat(report.complete()).isTrue();
    assertThat(unrecorded).hasSize(60);
    assertThat(unrecorded).allSatisfy(n -> assertThat(n).isBetween(0, pool - 1));
    assertThat(f.deliveries.counts(edition[0]).sent()).isEqualTo(60);
  }

  private final long[] edition = new long[1];

  /**
   * A server that refuses every message with a 5xx (a rejected sender): an outage, not bad
   * addresses.
   */
  @Test
  void serverWideRefusalPausesWithoutFailingOrBouncingAnyone() {
    List<Long> ids = f.subscribe(30);
    RecordingMailer mailer = new RecordingMailer().failingFor(to -> true, Fault.PERMANENT);
    DeliveryRunner runner = f.runner(mailer, 3, DeliveryFixture.fastPolicy(5, 10, 4));
    long edition = f.edition(runner);

    DeliveryReport report = runner.deliver(edition, null);

    assertThat(report.paused()).isTrue();
    assertThat(report.failed()).isZero();
    assertThat(report.message()).contains("refused every message").contains("550");
    assertThat(report.counts()).isEqualTo(new DeliveryCounts(30, 0, 0, 0));
    assertThat(mailer.attempts()).hasSizeBetween(10, 10 + 3);
    for (long id : ids) {
      assertThat(f.subscribers.bounceCount(id)).as("subscriber %d", id).isZero();
    }
    // Fixed (the relay takes us again): everyone gets it, nobody was skipped.
    RecordingMailer fixed = new RecordingMailer();
    DeliveryReport resumed =
        f.runner(fixed, 3, DeliveryFixture.fastPolicy(5, 10, 4))
            .deliver(edition, null, Duration.ZERO);
    assertThat(resumed.complete()).isTrue();
    assertThat(perRecipient(fixed.sent())).hasSize(30);
  }

  @Test
  void probesRefusedWithA5xxKeepTheDeliveryPausedAndMoveOnThroughTheList() {
    List<Long> ids = f.subscribe(30);
    RecordingMailer mailer = new RecordingMailer().failingFor(to -> true, Fault.PERMANENT);
    RetryPolicy probing =
        DeliveryFixture.fastPolicy(5, 10, 4).withResumeWithin(Duration.ofMillis(400));
    DeliveryRunner runner = f.runner(mailer, 2, probing);
    long edition = f.edition(runner);

    DeliveryReport report = runner.deliver(edition, null);

    assertThat(report.paused()).isTrue();
    assertThat(report.failed()).isZero();
    assertThat(report.message()).contains("refused every message for 0 s");
    assertThat(report.counts()).isEqualTo(new DeliveryCounts(30, 0, 0, 0));
    int streak = 10;
    List<String> probed =
        mailer.attempts().stream().skip(streak + 2).map(OutgoingMail::to).toList();
    assertThat(probed).as("probes went out after the pause").hasSizeGreaterThan(2);
    assertThat(new java.util.HashSet<>(probed))
        .as("each probe took another row")
        .hasSizeGreaterThan(2);
    for (long id : ids) {
      assertThat(f.subscribers.bounceCount(id)).isZero();
    }
  }

  @Test
  void aRefusedAddressAmongAcceptedOnesFailsAndBouncesEvenWhenItComesLast() {
    List<Long> ids = f.subscribe(6);
    long last = ids.get(5);
    RecordingMailer mailer =
        new RecordingMailer().failingFor(to -> to.startsWith("reader0005"), Fault.PERMANENT);
    DeliveryRunner runner = f.runner(mailer, 1, DeliveryFixture.fastPolicy(5, 10, 10));
    long edition = f.edition(runner);
    DeliveryReport report = runner.deliver(edition, null);
    assertThat(report.paused()).isFalse();
    assertThat(report.counts()).isEqualTo(new DeliveryCounts(0, 0, 5, 1));
    assertThat(report.failed()).isEqualTo(1);
    assertThat(f.subscribers.bounceCount(last)).isEqualTo(1);
  }

  @Test
  void successInBetweenResetsTheBounceCount() {
    long id = f.subscribe(1).get(0);
    RecordingMailer mailer = new RecordingMailer().failingFor(to -> true, Fault.PERMANENT);
    DeliveryRunner runner = f.runner(mailer, 1, DeliveryFixture.fastPolicy(5, 20, 10));
    runner.deliver(f.edition(runner), null);
    runner.deliver(f.edition(runner), null);
    assertThat(f.subscribers.bounceCount(id)).isEqualTo(2);
    mailer.failing((m, i) -> Fault.NONE);
    runner.deliver(f.edition(runner), null);
    assertThat(f.subscribers.bounceCount(id)).isZero();
    assertThat(f.subscribers.find(id).orElseThrow().status()).isEqualTo(SubscriberStatus.ACTIVE);
  }

  @Test
  void pausesAfterConsecutiveErrorsThenResumeCompletes() {
    f.subscribe(30);
    // The server goes away after 8 messages. The 8th is slow to be accepted, so the other
    // worker's failing retries overlap a success that is recorded late.
    RecordingMailer down =
        new RecordingMailer()
            .failing(
                (m, i) -> {
                  if (i == 7) {
                    try {
                      Thread.sleep(12);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  return i >= 8 ? Fault.TRANSIENT : Fault.NONE;
                });
    DeliveryRunner runner = f.runner(down, 2, DeliveryFixture.fastPolicy(3, 10, 4));
    long edition = f.edition(runner);

    DeliveryReport paused = runner.deliver(edition, null);

    assertThat(paused.paused()).isTrue();
    assertThat(paused.message())
        .contains("paused after 10 consecutive errors")
        .contains("--resume");
    assertThat(paused.sent()).isEqualTo(8);
    assertThat(paused.failed()).isZero();
    // Nobody was failed by the outage; everything not sent is pending again.
    assertThat(paused.counts()).isEqualTo(new DeliveryCounts(22, 0, 8, 0));
    assertThat(f.editions.find(edition).orElseThrow().finished()).isFalse();
    assertThat(f.deliveries.openEditions()).containsExactly(edition);

    RecordingMailer up = new RecordingMailer();
    DeliveryReport resumed =
        f.runner(up, 2, DeliveryFixture.fastPolicy(3, 10, 4)).deliver(edition, null, Duration.ZERO);
    assertThat(resumed.sent()).isEqualTo(22);
    assertThat(resumed.complete()).isTrue();
    List<OutgoingMail> all = new ArrayList<>(down.sent());
    all.addAll(up.sent());
    Map<String, Long> per = perRecipient(all);
    assertThat(per).hasSize(30);
    assertThat(per.values()).containsOnly(1L);
    assertThat(f.editions.find(edition).orElseThrow().finished()).isTrue();
  }

  /** Thrown by the mailer to stand for the process dying mid-send (nothing runs after it). */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void rowsLeftSendingByACrashAreResentWithTheSameMessageIdOnResume() {
    List<Long> ids = f.subscribe(10);
    List<OutgoingMail> inFlight = new CopyOnWriteArrayList<>();
    RecordingMailer dying =
        new RecordingMailer()
            .failing(
                (m, i) -> {
                  if (i == 3) {
                    inFlight.add(m);
                    throw new Crash();
                  }
                  return Fault.NONE;
                });
    DeliveryRunner first = f.runner(dying, 1, DeliveryFixture.fastPolicy(5, 20, 5));
    long edition = f.edition(first);
    assertThatThrownBy(() -> first.deliver(edition, null)).isInstanceOf(Crash.class);
    assertThat(dying.sent()).hasSize(3);
    // The crashed worker's batch: the message in flight and the two after it stay 'sending'.
    assertThat(f.deliveries.counts(edition)).isEqualTo(new DeliveryCounts(5, 2, 3, 0));

    // A plain run does not touch fresh 'sending' rows: another node may be working on them.
    RecordingMailer second = new RecordingMailer();
    DeliveryReport partial =
        f.runner(second, 2, DeliveryFixture.fastPolicy(5, 20, 5)).deliver(edition, null);
    assertThat(partial.sent()).isEqualTo(5);
    assertThat(partial.complete()).isFalse();
    assertThat(f.editions.find(edition).orElseThrow().finished()).isFalse();

    // --resume: the previous process is dead, so every 'sending' row is stale.
    RecordingMailer resumed = new RecordingMailer();
    DeliveryReport done =
        f.runner(resumed, 2, DeliveryFixture.fastPolicy(5, 20, 5))
            .deliver(edition, null, Duration.ZERO);
    assertThat(done.sent()).isEqualTo(2);
    assertThat(done.complete()).isTrue();
    OutgoingMail crashed = inFlight.get(0);
    Map<String, OutgoingMail> byTo =
        resumed.sent().stream().collect(Collectors.toMap(OutgoingMail::to, Function.identity()));
    assertThat(byTo).containsKey(crashed.to());
    assertThat(byTo.get(crashed.to()).messageId()).isEqualTo(crashed.messageId());

    List<OutgoingMail> all = new ArrayList<>(dying.sent());
    all.addAll(second.sent());
    all.addAll(resumed.sent());
    Map<String, Long> per = perRecipient(all);
    assertThat(per).hasSize(ids.size());
    assertThat(per.values()).containsOnly(1L);
    assertThat(f.editions.find(edition).orElseThrow().finished()).isTrue();
  }

  @Test
  void stopReleasesClaimedRowsAndALaterRunFinishes() {
    f.subscribe(20);
    DeliveryRunner[] self = new DeliveryRunner[1];
    RecordingMailer mailer =
        new RecordingMailer()
            .failing(
                (m, i) -> {
                  if (i == 4) {
                    self[0].stop();
                  }
                  return Fault.NONE;
                });
    self[0] = f.runner(mailer, 1, DeliveryFixture.fastPolicy(5, 20, 8));
    long edition = f.edition(self[0]);
    DeliveryReport stopped = self[0].deliver(edition, null);
    assertThat(stopped.sent()).isEqualTo(5);
    assertThat(stopped.paused()).isFalse();
    // Nothing is left 'sending': a plain run (no stale takeover) can finish the job.
    assertThat(stopped.counts()).isEqualTo(new DeliveryCounts(15, 0, 5, 0));
    List<Double> rates = new CopyOnWriteArrayList<>();
    DeliveryReport rest = self[0].deliver(edition, (counts, rate) -> rates.add(rate));
    assertThat(rest.sent()).isEqualTo(15);
    assertThat(rest.complete()).isTrue();
    assertThat(rates).isNotEmpty().last().matches(r -> r > 0);
    assertThat(perRecipient(mailer.sent()))
        .hasSize(20)
        .allSatisfy((to, n) -> assertThat(n).isEqualTo(1L));
  }
}
