package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.subscribe.RecordingMailer;
import dev.digest.subscribe.RecordingMailer.Fault;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The other side of the outage rule: a row that keeps failing with a transient error while others
 * go through is its address's problem and still fails after {@link RetryPolicy#maxAttempts()}; a
 * lone last row that keeps failing cannot keep the run going forever; a server that answers with a
 * refusal of its own is up, so such a row fails even with nothing else left to send.
 */
class TransientProofTest {

  final DeliveryFixture f = DeliveryFixture.h2();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void badAddressFailsAfterMaxAttemptsWhenAnotherWorkerSendsDuringItsLastAttempt()
      throws Exception {
    f.subscribe(12);
    String bad = "reader0002@example.net";
    AtomicInteger badAttempts = new AtomicInteger();
    CountDownLatch lastAttemptStarted = new CountDownLatch(1);
    CountDownLatch othersAfterIt = new CountDownLatch(3);
    List<String> gateProblems = new CopyOnWriteArrayList<>();
    // The other worker waits until the bad row's last attempt has started, then sends; that
    // attempt fails only when the other worker's third message starts. Its second one started
    // after the bad row's last attempt (the first may have waited with an older ticket) and was
    // recorded before the third began: proof that the server worked while the row failed.
    RecordingMailer mailer =
        new RecordingMailer()
            .failing(
                (m, i) -> {
                  if (m.to().equals(bad)) {
                    if (badAttempts.incrementAndGet() == 3) {
                      lastAttemptStarted.countDown();
                      await(othersAfterIt, gateProblems);
                    }
                    return Fault.TRANSIENT;
                  }
                  if (badAttempts.get() > 0) {
                    await(lastAttemptStarted, gateProblems);
                    othersAfterIt.countDown();
                  }
                  return Fault.NONE;
                });
    DeliveryRunner runner = f.runner(mailer, 2, DeliveryFixture.fastPolicy(3, 20, 2));
    long edition = f.edition(runner);

    DeliveryReport report = runner.deliver(edition, null);

    assertThat(gateProblems).isEmpty();
    assertThat(report.paused()).isFalse();
    assertThat(report.counts()).isEqualTo(new DeliveryCounts(0, 0, 11, 1));
    DeliveryRepository.Status row = f.failedRow(edition);
    assertThat(row.email()).isEqualTo(bad);
    assertThat(row.attempts()).as("failed in its first round").isEqualTo(3);
    assertThat(f.subscribers.bounceCount(row.subscriberId())).isZero();
  }

  @Test
  @Timeout(30)
  void aLoneLastRowThatKeepsFailingEndsInAPauseAndStaysPending() {
    f.subscribe(6);
    String bad = "reader0005@example.net";
    RecordingMailer mailer = new RecordingMailer().failingFor(bad::equals, Fault.TRANSIENT);
    DeliveryRunner runner = f.runner(mailer, 2, DeliveryFixture.fastPolicy(3, 10, 10));
    long edition = f.edition(runner);

    DeliveryReport report = runner.deliver(edition, null);

    // Nothing else goes through after its attempts: no proof against the address, so it is
    // given back round after round until the streak pauses (no probing in this policy).
    assertThat(report.paused()).isTrue();
    assertThat(report.counts()).isEqualTo(new DeliveryCounts(1, 0, 5, 0));
    long badAttempts = mailer.attempts().stream().filter(m -> m.to().equals(bad)).count();
    assertThat(badAttempts).isBetween(10L, 12L);
  }

  @Test
  @Timeout(30)
  void aLastRowRefusedForNowByAServerThatAnswersFailsWithoutAPause() {
    f.subscribe(6);
    String full = "reader0005@example.net";
    RecordingMailer mailer = new RecordingMailer().failingFor(full::equals, Fault.REFUSED_FOR_NOW);
    DeliveryRunner runner = f.runner(mailer, 2, DeliveryFixture.fastPolicy(3, 10, 10));
    long edition = f.edition(runner);

    DeliveryReport report = runner.deliver(edition, null);

    // The same lone last row as above, but the server answered each attempt with a 452 of its
    // own: it is up, so the address is the problem, and the run ends without a pause.
    assertThat(report.paused()).isFalse();
    assertThat(report.counts()).isEqualTo(new DeliveryCounts(0, 0, 5, 1));
    DeliveryRepository.Status row = f.failedRow(edition);
    assertThat(row.email()).isEqualTo(full);
    assertThat(row.attempts()).isEqualTo(3);
    assertThat(row.lastError()).contains("452 4.2.2 mailbox full");
  }

  private static void await(CountDownLatch latch, List<String> problems) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        problems.add("gate timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("interrupted");
    }
  }
}
