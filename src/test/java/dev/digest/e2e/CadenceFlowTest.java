package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.digest.app.DigestApp;
import dev.digest.app.DigestRun;
import dev.digest.app.DigestRun.SendOptions;
import dev.digest.schedule.DigestScheduler;
import dev.digest.testing.MutableClock;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cadences on real parts: daily, weekly and monthly readers of one digest. The weekly and the
 * monthly edition come from real Quartz fires; then weeks pass on the application's clock and each
 * cadence's next edition is built. Each reader gets exactly the articles of their cadence's window,
 * and no article twice across their editions, while the monthly reader also gets the articles the
 * weekly editions carried. One article a day for thirty days from a real HTTP server; GreenMail;
 * H2.
 */
class CadenceFlowTest {

  /** Thirty distinct one-word titles: no two are near-duplicates to the edition's dedup. */
  static final List<String> WORDS =
      List.of(
          "Albatross",
          "Barnacle",
          "Cormorant",
          "Driftwood",
          "Estuary",
          "Foghorn",
          "Gannet",
          "Harpoon",
          "Isthmus",
          "Jetty",
          "Kelp",
          "Lighthouse",
          "Mooring",
          "Nautilus",
          "Oyster",
          "Pelican",
          "Quay",
          "Riptide",
          "Starfish",
          "Trawler",
          "Undertow",
          "Vessel",
          "Whirlpool",
          "Yardarm",
          "Zephyr",
          "Anchorage",
          "Breakwater",
          "Cove",
          "Dinghy",
          "Ebbtide");

  /** A cron that never fires while the test runs. */
  static final String NEVER = "0 0 7 1 1 ? 2099";

  @RegisterExtension final E2e e2e = E2e.noFeeds();

  /** The first article's day, well in the past, so no article is ever in the real future. */
  Instant t0 = Instant.now().minus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

  private Instant day(int d) {
    return t0.plus(d, ChronoUnit.DAYS).plus(12, ChronoUnit.HOURS);
  }

  /** The feed as it stood at {@code now}: one article per day published by then. */
  private void serveUpTo(Instant now) {
    StringBuilder items = new StringBuilder();
    for (int d = 0; d < WORDS.size(); d++) {
      if (day(d).isAfter(now)) {
        break;
      }
      items
          .append("<item><title>")
          .append(WORDS.get(d))
          .append("</title><link>http://127.0.0.1/d/")
          .append(d)
          .append("</link><pubDate>")
          .append(Fixtures.rfc822(day(d)))
          .append("</pubDate><description>The harbour log for day ")
          .append(d)
          .append(
              " records the tide, the wind and the boats that came in. Nothing else of note happened.")
          .append("</description></item>");
    }
    e2e.feeds()
        .put(
            "/log.rss",
            "application/rss+xml",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                + "<title>Harbour Log</title><link>http://127.0.0.1/</link>"
                + items
                + "</channel></rss>");
  }

  /** A cron that fires once, {@code seconds} from now (Quartz's cron has a year field). */
  private static String onceIn(int seconds) {
    ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(seconds);
    return at.getSecond()
        + " "
        + at.getMinute()
        + " "
        + at.getHour()
        + " "
        + at.getDayOfMonth()
        + " "
        + at.getMonthValue()
        + " ? "
        + at.getYear();
  }

  /** Feeds.yml with the weekly and the monthly cadence's crons. */
  private void writeConfig(String weekly, String monthly) throws Exception {
    Files.writeString(
        e2e.config(),
        """
        digest:
          title: Harbour Brief
          time-zone: UTC
          templates: %s
          data-dir: data
          max-articles: 100
          max-per-feed: 100
          cadences:
            - { name: daily, schedule: "0 0 7 1 1 ? 2099" }
            - { name: weekly, schedule: "%s" }
            - { name: monthly, schedule: "%s", window: P31D }
        mail:
          from: "Harbour Brief <brief@example.org>"
          smtp: { host: 127.0.0.1, port: %d, security: none }
        database:
          url: "jdbc:h2:file:./data/digest"
        feeds:
          - { url: "%s", name: Harbour Log }
        """
            .formatted(
                Path.of("templates").toAbsolutePath(),
                weekly,
                monthly,
                e2e.smtp().getSmtp().getPort(),
                e2e.feeds().url("/log.rss")));
  }

  /** The article titles of each mail {@code to} got, one set per mail, in arrival order. */
  private List<Set<String>> editionsOf(String to) throws Exception {
    List<Set<String>> out = new ArrayList<>();
    for (MimeMessage m : e2e.smtp().getReceivedMessages()) {
      if (!m.getAllRecipients()[0].toString().equals(to)) {
        continue;
      }
      String text = (String) ((Multipart) m.getContent()).getBodyPart(0).getContent();
      Set<String> titles = new TreeSet<>();
      for (String w : WORDS) {
        if (java.util.regex.Pattern.compile("(?m)^\\s*\\d+\\. " + w + "\\s*$")
            .matcher(text)
            .find()) {
          titles.add(w);
        }
      }
      out.add(titles);
    }
    return out;
  }

  private Set<String> days(int from, int to) {
    Set<String> s = new TreeSet<>();
    for (int d = from; d <= to; d++) {
      s.add(WORDS.get(d));
    }
    return s;
  }

  @Test
  void eachReaderGetsTheirCadencesWindowAndNothingTwice() throws Exception {
    // The readers first, through the command line (each run opens the database; slow on a loaded
    // machine), with no fire ahead: the real fires below must still be ahead when the scheduler
    // starts.
    writeConfig(NEVER, NEVER);
    assertThat(e2e.cli("subscribers", "add", "ann@example.net").code()).isZero();
    assertThat(e2e.cli("subscribers", "add", "bob@example.net").code()).isZero();
    assertThat(e2e.cli("subscribers", "add", "cat@example.net").code()).isZero();
    Cli.Result set = e2e.cli("subscribers", "set", "bob@example.net", "--cadence", "monthly");
    assertThat(set.code()).as(set.err()).isZero();
    assertThat(e2e.cli("subscribers", "set", "cat@example.net", "--cadence", "daily").code())
        .isZero();
    Cli.Result unknown = e2e.cli("subscribers", "set", "cat@example.net", "--cadence", "hourly");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("unknown cadence 'hourly': feeds.yml offers daily, weekly, monthly");

    writeConfig(onceIn(5), onceIn(7));
    MutableClock clock = new MutableClock(t0.plus(7, ChronoUnit.DAYS).plus(13, ChronoUnit.HOURS));
    serveUpTo(clock.instant());
    try (DigestApp app = e2e.app(clock)) {
      // Week 1: the weekly and the monthly trigger fire for real.
      try (DigestScheduler s = DigestScheduler.start(app, "node-1")) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> e2e.smtp().getReceivedMessages().length >= 2);
      }
      assertThat(editionsOf("ann@example.net"))
          .as("weekly: the last 7 days")
          .containsExactly(days(1, 7));
      assertThat(editionsOf("bob@example.net"))
          .as("monthly: its 31-day window")
          .containsExactly(days(0, 7));
      assertThat(editionsOf("cat@example.net")).as("daily has not fired").isEmpty();

      // Week 2: the next weekly edition starts where the first ended.
      clock.set(t0.plus(14, ChronoUnit.DAYS).plus(13, ChronoUnit.HOURS));
      serveUpTo(clock.instant());
      assertThat(app.run().send(SendOptions.normal().forCadence("weekly")))
          .isInstanceOf(DigestRun.SendResult.Delivered.class);
      // Day 29: the month's edition, a weekly one and a daily one.
      clock.set(t0.plus(29, ChronoUnit.DAYS).plus(13, ChronoUnit.HOURS));
      serveUpTo(clock.instant());
      app.run().send(SendOptions.normal().forCadence("monthly"));
      app.run().send(SendOptions.normal().forCadence("weekly"));
      app.run().send(SendOptions.normal().forCadence("daily"));

      List<Set<String>> ann = editionsOf("ann@example.net");
      assertThat(ann).containsExactly(days(1, 7), days(8, 14), days(23, 29));
      List<Set<String>> bob = editionsOf("bob@example.net");
      assertThat(bob)
          .as("the rest of the month, none of the first edition again")
          .containsExactly(days(0, 7), days(8, 29));
      assertThat(editionsOf("cat@example.net")).containsExactly(days(23, 29));
      for (List<Set<String>> reader : List.of(ann, bob)) {
        Set<String> all = new LinkedHashSet<>();
        reader.forEach(e -> assertThat(e).allMatch(all::add));
      }
      // Editions are numbered in one sequence, each with its cadence.
      assertThat(app.editions().list(app.config().digest().id()))
          .extracting(e -> e.edition().number() + ":" + e.edition().cadence())
          .containsExactlyInAnyOrder(
              "1:weekly", "2:monthly", "3:weekly", "4:monthly", "5:weekly", "6:daily");
    }
  }
}
