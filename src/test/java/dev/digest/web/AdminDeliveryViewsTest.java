package dev.digest.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.edition.Edition;
import dev.digest.subscribe.SubscriberStatus;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the dashboard and /metrics show of two editions' deliveries, row for row. */
class AdminDeliveryViewsTest {

  static final int AUDIENCE = 90;
  static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  static final Pattern FAILURE_ROW =
      Pattern.compile("<tr><td>([^<]*)</td><td>([a-z]+)</td><td>(\\d+)</td><td>([^<]*)</td></tr>");

  @TempDir Path dir;
  WebHarness site;
  List<Long> ids = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    site = new WebHarness(dir);
    for (int i = 0; i < AUDIENCE; i++) {
      ids.add(site.app.subscribers().add(email(i), SubscriberStatus.ACTIVE).id());
    }
    long first = edition(1);
    long latest = edition(2);
    // The first edition: untouched but one failure, which the latest's list must not show.
    set(first, 0, "failed", "permanent: 550 from edition one");
    // The latest: a third each sent, failed, and given back with a transient error.
    for (int i = 0; i < AUDIENCE; i++) {
      if (i % 3 == 0) {
        set(latest, i, "sent", null);
      } else if (i % 3 == 1) {
        set(latest, i, "failed", "permanent: 550 user " + i);
      } else {
        set(latest, i, "pending", "transient: 421 busy");
      }
    }
  }

  @AfterEach
  void stop() {
    site.close();
  }

  static String email(int i) {
    return String.format("r%02d@example.net", i);
  }

  long edition(int number) {
    Edition e =
        new Edition(site.app.config().digest().id(), number, "The Brief", T0, T0, T0, List.of());
    return site.app
        .database()
        .inTransaction(
            c -> {
              long id = site.app.editions().insert(c, e, "Brief #" + number, "<p>x</p>", "x");
              site.app.deliveries().createFor(c, id, site.app.deliveryRunner().messageIds(id));
              return id;
            });
  }

  void set(long edition, int i, String status, String error) {
    site.app
        .database()
        .withConnection(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE delivery SET status = ?, last_error = ? WHERE edition_id = ? AND subscriber_id = ?")) {
                ps.setString(1, status);
                ps.setString(2, error);
                ps.setLong(3, edition);
                ps.setLong(4, ids.get(i));
                return ps.executeUpdate();
              }
            });
  }

  @Test
  void dashboardListsTheFirstFailuresOfTheLatestEditionAndATallyPerEdition() throws Exception {
    HttpResponse<String> r = site.get("/admin");
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < AUDIENCE && expected.size() < AdminPages.FAILURES_SHOWN; i++) {
      if (i % 3 == 1) {
        expected.add(email(i) + " failed 0 permanent: 550 user " + i);
      } else if (i % 3 == 2) {
        expected.add(email(i) + " pending 0 transient: 421 busy");
      }
    }
    List<String> shown = new ArrayList<>();
    Matcher m = FAILURE_ROW.matcher(r.body());
    while (m.find()) {
      shown.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4));
    }
    assertThat(shown).hasSize(AdminPages.FAILURES_SHOWN).containsExactlyElementsOf(expected);
    assertThat(r.body()).doesNotContain("from edition one");
    // Sent, failed, pending of each edition, newest first.
    assertThat(r.body())
        .containsPattern(
            "Brief #2</a></td>\\s*<td>sending</td>\\s*<td>30</td>\\s*<td>30</td>\\s*<td>30</td>")
        .containsPattern(
            "Brief #1</a></td>\\s*<td>sending</td>\\s*<td>0</td>\\s*<td>1</td>\\s*<td>89</td>");
    assertThat(r.body().indexOf("Brief #2")).isLessThan(r.body().indexOf("Brief #1"));
  }

  @Test
  void metricsSumTheDeliveriesOfEveryEdition() throws Exception {
    HttpResponse<String> r = site.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains(
            """
            digest_deliveries{status="pending"} 119
            digest_deliveries{status="sending"} 0
            digest_deliveries{status="sent"} 30
            digest_deliveries{status="failed"} 31
            """)
        .contains("digest_editions{status=\"sending\"} 2\n")
        .contains("digest_edition_last_number 2\n");
  }
}
