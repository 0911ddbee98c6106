package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.mail.OutgoingMail;
import dev.digest.subscribe.RecordingMailer;
import dev.digest.subscribe.RecordingMailer.Fault;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A paused delivery probes the server and carries on by itself, or gives up after a bound. */
class PauseRecoveryTest {

  final DeliveryFixture f = DeliveryFixture.h2();

  @AfterEach
  void close() {
    f.close();
  }

  static RetryPolicy policy(Duration resumeWithin) {
    return new RetryPolicy(
        3,
        Duration.ofMillis(2),
        Duration.ofMillis(20),
        10,
        4,
        Duration.ofMinutes(10),
        resumeWithin);
  }

  @Test
  void pausedDeliveryResumesWhenTheServerAnswersAgain() {
    f.subscribe(40);
    AtomicBoolean down = new AtomicBoolean();
    int[] failuresWhileDown = {0};
    // Down after 10 messages; back up once 30 attempts failed (well past the pause at 10).
    RecordingMailer mailer =
        new RecordingMailer()
            .failing(
                (m, i) -> {
                  if (i == 10) {
                    down.set(true);
                  }
                  if (down.get()) {
                    synchronized (failuresWhileDown) {
                      if (++failuresWhileDown[0] >= 30) {
                        down.set(false);
                      }
                    }
                    return Fault.TRANSIENT;
                  }
                  return Fault.NONE;
                });
    DeliveryRunner runner = f.runner(mailer, 2, policy(Duration.ofSeconds(20)));
    long edition = f.edition(runner);

    DeliveryReport report = runner.deliver(edition, null);

    assertThat(failuresWhileDown[0]).isGreaterThanOrEqualTo(30);
    assertThat(report.paused()).isFalse();
    assertThat(report.complete()).isTrue();
    assertThat(report.sent()).isEqualTo(40);
    assertThat(report.failed()).isZero();
    Map<String, Long> per =
        mailer.sent().stream()
            .collect(Collectors.groupingBy(OutgoingMail::to, Collectors.counting()));
    assertThat(per).hasSize(40);
    assertThat(per.values()).containsOnly(1L);
    assertThat(f.editions.find(edition).orElseThrow().finished()).isTrue();
    assertThat(runner.active()).isEmpty();
    assertThat(runner.lastReport()).contains(report);
  }

  @Test
  void givesUpAfterResumeWithinAndLeavesEveryoneUnsentPending() {
    f.subscribe(20);
    RecordingMailer mailer =
        new RecordingMailer().failing((m, i) -> i >= 5 ? Fault.TRANSIENT : Fault.NONE);
    DeliveryRunner runner = f.runner(mailer, 2, policy(Duration.ofMillis(300)));
    long edition = f.edition(runner);

    DeliveryReport report = runner.deliver(edition, null);

    assertThat(report.paused()).isTrue();
    assertThat(report.message())
        .contains("paused after 10 consecutive errors")
        .contains("did not answer for 0 s")
        .contains("--resume");
    assertThat(report.sent()).isEqualTo(5);
    assertThat(report.counts()).isEqualTo(new DeliveryCounts(15, 0, 5, 0));
    // The probes went out one at a time after the pause.
    assertThat(mailer.attempts().size()).isGreaterThan(15);
  }

  @Test
  void activeShowsTheRunInProgress() {
    f.subscribe(5);
    DeliveryRunner[] self = new DeliveryRunner[1];
    java.util.List<DeliveryProgress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    RecordingMailer mailer =
        new RecordingMailer()
            .failing(
                (m, i) -> {
                  seen.addAll(self[0].active());
                  return Fault.NONE;
                });
    self[0] = f.runner(mailer, 1, policy(Duration.ZERO));
    long edition = f.edition(self[0]);
    self[0].deliver(edition, null);
    assertThat(seen).hasSize(5);
    assertThat(seen).allSatisfy(p -> assertThat(p.editionId()).isEqualTo(edition));
    assertThat(seen.get(4).sent()).isEqualTo(4);
    assertThat(seen.get(0).paused()).isFalse();
  }
}
