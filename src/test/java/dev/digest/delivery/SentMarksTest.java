package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SentMarksTest {

  final DeliveryFixture f = DeliveryFixture.h2();

  @AfterEach
  void close() {
    f.close();
  }

  private String status(long edition, long subscriber) {
    return f.db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT status FROM delivery WHERE edition_id = ? AND subscriber_id = ?")) {
            ps.setLong(1, edition);
            ps.setLong(2, subscriber);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getString(1);
            }
          }
        });
  }

  @Test
  void eachMarkIsCommittedWhenItReturnsAndConcurrentMarksShareCommits() throws Exception {
    List<Long> ids = f.subscribe(400);
    DeliveryRunner runner =
        f.runner(
            new dev.digest.subscribe.RecordingMailer(), 1, DeliveryFixture.fastPolicy(5, 20, 10));
    long edition = f.edition(runner);
    List<DeliveryRow> claimed =
        f.deliveries.claim(edition, 400, "w", java.time.Duration.ofMinutes(10));
    assertThat(claimed).hasSize(400);
    SentMarks marks = new SentMarks(f.deliveries);
    ExecutorService workers = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int first = w;
        futures.add(
            workers.submit(
                () -> {
                  for (int i = first; i < claimed.size(); i += 8) {
                    DeliveryRow row = claimed.get(i);
                    marks.markSent(row);
                    // Visible from another connection as soon as markSent returned: committed.
                    assertThat(status(edition, row.subscriberId())).isEqualTo("sent");
                  }
                  return null;
                }));
      }
      for (Future<?> fu : futures) {
        fu.get(60, TimeUnit.SECONDS);
      }
    } finally {
      workers.shutdownNow();
    }
    assertThat(f.deliveries.counts(edition)).isEqualTo(new DeliveryCounts(0, 0, 400, 0));
    assertThat(marks.marked()).isEqualTo(400);
    assertThat(marks.commits()).isBetween(1L, 400L);
    assertThat(ids).hasSize(400);
  }

  @Test
  void marksArrivingDuringACommitShareTheNextOne() throws Exception {
    f.subscribe(3);
    DeliveryRunner runner =
        f.runner(
            new dev.digest.subscribe.RecordingMailer(), 1, DeliveryFixture.fastPolicy(5, 20, 10));
    long edition = f.edition(runner);
    List<DeliveryRow> rows = f.deliveries.claim(edition, 3, "w", java.time.Duration.ofMinutes(10));
    SentMarks marks = new SentMarks(f.deliveries);
    ExecutorService workers = Executors.newFixedThreadPool(3);
    // Another transaction holds the first row's lock: the first commit waits for it.
    java.sql.Connection blocker = f.db.dataSource().getConnection();
    try {
      blocker.setAutoCommit(false);
      try (PreparedStatement ps =
          blocker.prepareStatement(
              "UPDATE delivery SET attempts = attempts WHERE edition_id = ? AND subscriber_id = ?")) {
        ps.setLong(1, edition);
        ps.setLong(2, rows.get(0).subscriberId());
        ps.executeUpdate();
      }
      Future<?> first = workers.submit(() -> marks.markSent(rows.get(0)));
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(5))
          .until(() -> marks.waiting() == 0 && !first.isDone());
      Future<?> second = workers.submit(() -> marks.markSent(rows.get(1)));
      Future<?> third = workers.submit(() -> marks.markSent(rows.get(2)));
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(5))
          .until(() -> marks.waiting() == 2);
      assertThat(second.isDone() || third.isDone()).isFalse();
      blocker.commit();
      first.get(10, TimeUnit.SECONDS);
      second.get(10, TimeUnit.SECONDS);
      third.get(10, TimeUnit.SECONDS);
    } finally {
      blocker.close();
      workers.shutdownNow();
    }
    assertThat(f.deliveries.counts(edition)).isEqualTo(new DeliveryCounts(0, 0, 3, 0));
    assertThat(marks.commits()).isEqualTo(2);
    assertThat(marks.marked()).isEqualTo(3);
  }

  @Test
  void theCommitterRecordsAQueuedMarkWithoutAWorkerWaitingForIt() {
    f.subscribe(2);
    DeliveryRunner runner =
        f.runner(
            new dev.digest.subscribe.RecordingMailer(), 1, DeliveryFixture.fastPolicy(5, 20, 10));
    long edition = f.edition(runner);
    List<DeliveryRow> rows = f.deliveries.claim(edition, 2, "w", java.time.Duration.ofMinutes(10));
    SentMarks marks = new SentMarks(f.deliveries);
    marks.startCommitter(java.time.Duration.ofMillis(2), "test-marks");
    try {
      marks.enqueue(rows.get(0));
      marks.enqueue(rows.get(1));
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(() -> f.deliveries.counts(edition).sent() == 2);
      assertThat(marks.marked()).isEqualTo(2);
    } finally {
      marks.close();
    }
  }

  @Test
  void aFailedCommitReachesEveryWorkerOfItsGroup() {
    f.subscribe(2);
    DeliveryRunner runner =
        f.runner(
            new dev.digest.subscribe.RecordingMailer(), 1, DeliveryFixture.fastPolicy(5, 20, 10));
    long edition = f.edition(runner);
    List<DeliveryRow> rows = f.deliveries.claim(edition, 2, "w", java.time.Duration.ofMinutes(10));
    SentMarks marks = new SentMarks(f.deliveries);
    marks.markSent(rows.get(0));
    f.db.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> marks.markSent(rows.get(1)))
        .isInstanceOf(StoreException.class);
    assertThat(marks.commits()).isEqualTo(2);
  }
}
