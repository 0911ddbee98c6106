package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.bounce.Feedback;
import dev.digest.feedback.FeedbackRepository;
import dev.digest.subscribe.SubscriberStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A subscriber who bounces while a worker holds their row (claimed, not yet sent) is not mailed by
 * that worker's retry, and a release does not put the row back in the queue.
 */
class SuppressedRowsTest {

  @Test
  void aClaimedRowSuppressedMeanwhileIsNeitherRetriedNorReleasedBackToPending() {
    try (DeliveryFixture f = DeliveryFixture.h2()) {
      List<Long> ids = f.subscribe(3);
      DeliveryRunner runner =
          f.runner(
              new dev.digest.subscribe.RecordingMailer(), 1, DeliveryFixture.fastPolicy(3, 5, 10));
      long edition = f.edition(runner);
      List<DeliveryRow> claimed =
          f.deliveries.claim(edition, 10, "w1", Instant.now().minusSeconds(600));
      assertThat(claimed).hasSize(3);

      FeedbackRepository feedback = new FeedbackRepository(f.db);
      Feedback hard = hardBounce();
      FeedbackRepository.Applied applied =
          feedback.apply(
              new FeedbackRepository.Target(edition, ids.get(0)),
              hard,
              Instant.now(),
              Optional.of(SubscriberStatus.BOUNCED),
              List.of(SubscriberStatus.ACTIVE),
              Instant.now().minusSeconds(3600),
              3);
      assertThat(applied.suppressedRows()).as("the claimed row is suppressed too").isEqualTo(1);

      DeliveryRow bounced =
          claimed.stream().filter(r -> r.subscriberId() == ids.get(0)).findFirst().orElseThrow();
      DeliveryRow other =
          claimed.stream().filter(r -> r.subscriberId() == ids.get(1)).findFirst().orElseThrow();
      assertThat(f.deliveries.recordAttempt(bounced, "421 try later")).as("no retry").isFalse();
      assertThat(f.deliveries.recordAttempt(other, "421 try later")).isTrue();

      f.deliveries.release(bounced, "paused");
      f.deliveries.release(other, "paused");
      assertThat(f.deliveries.rows(edition))
          .extracting(DeliveryRepository.Status::subscriberId, DeliveryRepository.Status::status)
          .contains(
              org.assertj.core.groups.Tuple.tuple(ids.get(0), FeedbackRepository.SUPPRESSED),
              org.assertj.core.groups.Tuple.tuple(ids.get(1), "pending"));
      // A later claim (a resume) passes the suppressed row by.
      assertThat(f.deliveries.claim(edition, 10, "w2", Instant.now().plusSeconds(600)))
          .extracting(DeliveryRow::subscriberId)
          .doesNotContain(ids.get(0))
          .contains(ids.get(1));
    }
  }

  @Test
  void aRowThisRunMarkedFailedDuringAnOutageGoesBackToPendingOnRelease() {
    try (DeliveryFixture f = DeliveryFixture.h2()) {
      List<Long> ids = f.subscribe(2);
      DeliveryRunner runner =
          f.runner(
              new dev.digest.subscribe.RecordingMailer(), 1, DeliveryFixture.fastPolicy(3, 5, 10));
      long edition = f.edition(runner);
      List<DeliveryRow> claimed =
          f.deliveries.claim(edition, 10, "w1", Instant.now().minusSeconds(600));
      DeliveryRow failed = claimed.get(0);
      f.deliveries.markFailed(failed, false, "421 try later");
      // A pause that shows the failures were the server's gives the row back to the queue.
      f.deliveries.release(failed, "paused");
      assertThat(f.deliveries.rows(edition))
          .extracting(DeliveryRepository.Status::subscriberId, DeliveryRepository.Status::status)
          .contains(org.assertj.core.groups.Tuple.tuple(failed.subscriberId(), "pending"));
    }
  }

  @Test
  void aRowSuppressedWhileItsBatchIsInHandIsPassedByAndNotMailed() throws Exception {
    try (DeliveryFixture f = DeliveryFixture.h2()) {
      List<Long> ids = f.subscribe(5);
      FeedbackRepository feedback = new FeedbackRepository(f.db);
      long[] edition = new long[1];
      java.util.concurrent.atomic.AtomicBoolean bounced =
          new java.util.concurrent.atomic.AtomicBoolean();
      java.util.List<String> mailed =
          java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      // The first message's send is when the last reader's earlier mail bounces: the worker holds
      // all five rows (one batch of 10) by then.
      dev.digest.mail.Mailer mailer =
          new dev.digest.mail.Mailer() {
            @Override
            public void send(dev.digest.mail.OutgoingMail m) {
              if (bounced.compareAndSet(false, true)) {
                feedback.apply(
                    new FeedbackRepository.Target(edition[0], ids.get(4)),
                    hardBounce(),
                    Instant.now(),
                    Optional.of(SubscriberStatus.BOUNCED),
                    List.of(SubscriberStatus.ACTIVE),
                    Instant.now().minusSeconds(3600),
                    3);
                sleepPast(ClaimLoop.SUPPRESSION_CHECK_NANOS);
              }
              mailed.add(m.to());
            }

            @Override
            public void close() {}
          };
      DeliveryRunner runner = f.runner(mailer, 1, DeliveryFixture.fastPolicy(3, 5, 10));
      edition[0] = f.edition(runner);

      DeliveryReport report = runner.deliver(edition[0], null);

      String last = f.subscribers.find(ids.get(4)).orElseThrow().email();
      assertThat(mailed).hasSize(4).doesNotContain(last);
      assertThat(report.counts().sent()).isEqualTo(4);
      assertThat(report.counts().failed()).isZero();
      assertThat(f.deliveries.rows(edition[0]))
          .extracting(DeliveryRepository.Status::subscriberId, DeliveryRepository.Status::status)
          .contains(org.assertj.core.groups.Tuple.tuple(ids.get(4), FeedbackRepository.SUPPRESSED));
    }
  }

  @Test
  void markFailedLeavesASuppressedRowSuppressed() {
    try (DeliveryFixture f = DeliveryFixture.h2()) {
      List<Long> ids = f.subscribe(1);
      DeliveryRunner runner =
          f.runner(
              new dev.digest.subscribe.RecordingMailer(), 1, DeliveryFixture.fastPolicy(3, 5, 10));
      long edition = f.edition(runner);
      DeliveryRow row =
          f.deliveries.claim(edition, 10, "w1", Instant.now().minusSeconds(600)).get(0);
      new FeedbackRepository(f.db)
          .apply(
              new FeedbackRepository.Target(edition, ids.get(0)),
              hardBounce(),
              Instant.now(),
              Optional.of(SubscriberStatus.BOUNCED),
              List.of(SubscriberStatus.ACTIVE),
              Instant.now().minusSeconds(3600),
              3);

      assertThat(f.deliveries.markFailed(row, true, "550 no such user")).isFalse();
      assertThat(f.deliveries.rows(edition))
          .extracting(DeliveryRepository.Status::status)
          .containsExactly(FeedbackRepository.SUPPRESSED);
    }
  }

  private static Feedback hardBounce() {
    return new Feedback(
        Feedback.Kind.HARD_BOUNCE,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "5.1.1",
        "no such user",
        "file");
  }

  private static void sleepPast(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000 + 20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
