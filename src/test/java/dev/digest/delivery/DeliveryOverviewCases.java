package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.delivery.DeliveryRepository.Status;
import dev.digest.subscribe.RecordingMailer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The admin pages' delivery queries against a real database: an edition of {@value #AUDIENCE} rows
 * in mixed states next to other editions. Run on H2 and on PostgreSQL by the subclasses. The tests
 * only read, so the data is made once per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeliveryOverviewCases {

  static final int AUDIENCE = 5_000;
  static final int LIMIT = 50;
  static final String OTHER_ERROR = "permanent: 550 from the other edition";

  DeliveryFixture f;
  DeliveryOverviewRepository overview;
  DeliveryRunner runner;
  List<Long> ids;
  long empty;
  long mixed;
  long allFailed;
  long untouched;

  /** A fresh, migrated database; closing the fixture drops it. */
  abstract DeliveryFixture open() throws Exception;

  /** What row {@code i} of the mixed edition is set to; the order of the tests decides overlaps. */
  record Planned(String status, String error) {
    boolean listed() {
      return DeliveryRepository.FAILED.equals(status) || (error != null && !error.isEmpty());
    }
  }

  static Planned planned(int i) {
    if (i % 100 == 7) {
      return new Planned(DeliveryRepository.FAILED, "permanent: 550 no such user " + i);
    }
    if (i % 333 == 5) {
      return new Planned(DeliveryRepository.FAILED, null); // failed, no error text: still listed
    }
    if (i % 250 == 3) {
      return new Planned(DeliveryRepository.PENDING, "transient: 421 try later"); // given back
    }
    if (i % 500 == 11) {
      return new Planned(DeliveryRepository.SENDING, "transient: timeout"); // being retried
    }
    if (i % 125 == 9) {
      return new Planned(DeliveryRepository.PENDING, ""); // an empty error is no error
    }
    if (i % 4 == 0) {
      return new Planned(DeliveryRepository.PENDING, null);
    }
    return new Planned(DeliveryRepository.SENT, null);
  }

  @BeforeAll
  void fill() throws Exception {
    f = open();
    overview = new DeliveryOverviewRepository(f.db);
    runner = f.runner(new RecordingMailer(), 1, DeliveryFixture.fastPolicy(3, 20, 10));
    empty = f.edition(runner); // before anyone subscribed: no delivery rows
    ids = subscribe(AUDIENCE);
    mixed = f.edition(runner);
    allFailed = f.edition(runner);
    untouched = f.edition(runner);
    f.db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE delivery SET status = ?, last_error = ? WHERE edition_id = ? AND subscriber_id = ?")) {
            for (int i = 0; i < ids.size(); i++) {
              ps.setString(1, planned(i).status());
              ps.setString(2, planned(i).error());
              ps.setLong(3, mixed);
              ps.setLong(4, ids.get(i));
              ps.addBatch();
            }
            ps.executeBatch();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE delivery SET status = ?, last_error = ? WHERE edition_id = ?")) {
            ps.setString(1, DeliveryRepository.FAILED);
            ps.setString(2, OTHER_ERROR);
            ps.setLong(3, allFailed);
            return ps.executeUpdate();
          }
        });
  }

  @AfterAll
  void close() {
    if (f != null) {
      f.close();
    }
  }

  /**
   * {@code n} active subscribers in one batch (one by one is slow on PostgreSQL); ids ascending.
   */
  List<Long> subscribe(int n) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return f.db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO subscriber (email, email_key, status, created_at, confirmed_at,"
                      + " updated_at, bounce_count) VALUES (?, ?, 'active', ?, ?, ?, 0)")) {
            for (int i = 0; i < n; i++) {
              ps.setString(1, email(i));
              ps.setString(2, email(i));
              ps.setObject(3, now);
              ps.setObject(4, now);
              ps.setObject(5, now);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          List<Long> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT id FROM subscriber ORDER BY email");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(rs.getLong(1));
            }
          }
          return out;
        });
  }

  static String email(int i) {
    return String.format("reader%05d@example.net", i);
  }

  Status expectedRow(long edition, int i) {
    Planned p = planned(i);
    return new Status(
        ids.get(i), email(i), p.status(), 0, p.error(), runner.messageIds(edition).of(ids.get(i)));
  }

  @Test
  void failuresAreTheFailedAndErroredRowsInSubscriberOrderUpToTheLimit() {
    assertThat(ids).hasSize(AUDIENCE).isSorted();
    List<Status> expected = new ArrayList<>();
    for (int i = 0; i < AUDIENCE; i++) {
      if (planned(i).listed()) {
        expected.add(expectedRow(mixed, i));
      }
    }
    // More listed rows than the limit, far fewer than the edition: the limit must bite.
    assertThat(expected).hasSizeBetween(LIMIT + 1, AUDIENCE / 10);

    assertThat(overview.failures(mixed, LIMIT))
        .containsExactlyElementsOf(expected.subList(0, LIMIT));
    assertThat(overview.failures(mixed, AUDIENCE)).containsExactlyElementsOf(expected);
    assertThat(overview.failures(mixed, 1)).containsExactly(expected.get(0));
  }

  @Test
  void failuresAreWhatTheDashboardUsedToFilterOutOfEveryRow() {
    // The filter AdminPages ran over all rows before, as the oracle for the page's content.
    List<Status> old =
        f.deliveries.rows(mixed).stream()
            .filter(
                r ->
                    "failed".equals(r.status())
                        || (r.lastError() != null && !r.lastError().isEmpty()))
            .limit(LIMIT)
            .collect(Collectors.toList());
    assertThat(old).hasSize(LIMIT);
    assertThat(overview.failures(mixed, LIMIT)).isEqualTo(old);
  }

  @Test
  void failuresStayInTheirEdition() {
    assertThat(overview.failures(untouched, LIMIT)).isEmpty();
    assertThat(overview.failures(empty, LIMIT)).isEmpty();
    List<Status> other = overview.failures(allFailed, 3);
    assertThat(other)
        .extracting(Status::subscriberId)
        .containsExactly(ids.get(0), ids.get(1), ids.get(2));
    assertThat(other).extracting(Status::lastError).containsOnly(OTHER_ERROR);
    assertThat(overview.failures(mixed, AUDIENCE))
        .extracting(Status::lastError)
        .doesNotContain(OTHER_ERROR);
  }

  @Test
  void oneQueryTalliesEqualTheCountsOfEachEdition() {
    List<Long> editions = List.of(untouched, allFailed, mixed, empty);
    Map<Long, DeliveryCounts> one = overview.countsByEdition(editions);
    Map<Long, DeliveryCounts> each = new LinkedHashMap<>();
    for (long id : editions) {
      each.put(id, f.deliveries.counts(id));
    }
    assertThat(one).containsExactlyEntriesOf(each);

    int[] byStatus = new int[4];
    for (int i = 0; i < AUDIENCE; i++) {
      byStatus[List.of("pending", "sending", "sent", "failed").indexOf(planned(i).status())]++;
    }
    assertThat(one.get(mixed))
        .isEqualTo(new DeliveryCounts(byStatus[0], byStatus[1], byStatus[2], byStatus[3]));
    assertThat(byStatus).doesNotContain(0); // every state occurs, so a swapped column would show
    assertThat(one.get(allFailed)).isEqualTo(new DeliveryCounts(0, 0, 0, AUDIENCE));
    assertThat(one.get(untouched)).isEqualTo(new DeliveryCounts(AUDIENCE, 0, 0, 0));
    assertThat(one.get(empty)).isEqualTo(new DeliveryCounts(0, 0, 0, 0));
  }

  @Test
  void talliesAreOnlyForTheEditionsAsked() {
    assertThat(overview.countsByEdition(List.of())).isEmpty();
    assertThat(overview.countsByEdition(List.of(mixed, untouched)).keySet())
        .containsExactly(mixed, untouched);
    assertThat(overview.countsByEdition(List.of(allFailed)))
        .containsExactly(Map.entry(allFailed, new DeliveryCounts(0, 0, 0, AUDIENCE)));
  }
}
