package dev.digest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.app.DigestApp;
import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import dev.digest.schedule.DigestScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Quartz on H2: editing feeds.yml while serving moves the schedule; a broken edit does not. */
class ScheduleReloaderTest {

  @TempDir Path dir;

  private Path write(String cron, String extra) throws Exception {
    Path f = dir.resolve("feeds.yml");
    Files.writeString(
        f,
        "digest:\n  schedule: \"" + cron + "\"\n  time-zone: Europe/Berlin\n  templates: "
            + Path.of("templates").toAbsolutePath() + "\n" + extra
            + "mail:\n  smtp: { host: 127.0.0.1, port: 9, security: none }\n"
            + "feeds:\n  - url: http://127.0.0.1:9/feed.xml\n");
    // A distinct modification time even on coarse file systems.
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(counter++)));
    return f;
  }

  private int counter;

  @Test
  void aChangedCronMovesTheScheduleAndABrokenFileKeepsIt() throws Exception {
    Path f = write("0 0 8 ? * MON", "");
    DigestConfig config = ConfigLoader.load(f);
    try (DigestApp app = DigestApp.open(config, Clock.systemUTC(), 0);
        DigestScheduler s = DigestScheduler.start(app, "node-1");
        ScheduleReloader reloader = ScheduleReloader.start(config, s, java.time.Duration.ofHours(1))) {
      assertThat(day(s)).isEqualTo(DayOfWeek.MONDAY);

      assertThat(reloader.check()).isEqualTo(ScheduleReloader.Outcome.UNCHANGED);
      write("0 30 6 ? * WED", "");
      assertThat(reloader.check()).isEqualTo(ScheduleReloader.Outcome.APPLIED);
      assertThat(day(s)).isEqualTo(DayOfWeek.WEDNESDAY);
      assertThat(s.nextFireTime().orElseThrow().atZone(ZoneId.of("Europe/Berlin")).getHour()).isEqualTo(6);

      Files.writeString(f, "digest:\n  schedule: [broken\n");
      Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(100)));
      assertThat(reloader.check()).isEqualTo(ScheduleReloader.Outcome.NOT_APPLIED);
      assertThat(day(s)).as("kept").isEqualTo(DayOfWeek.WEDNESDAY);

      write("0 0 9 ? * FRI", "");
      reloader.check();
      assertThat(day(s)).isEqualTo(DayOfWeek.FRIDAY);
    }
  }

  @Test
  void aScheduleThatCannotBeUpdatedIsRetriedAndNeverStopsTheWatch() throws Exception {
    Path f = write("0 0 8 ? * MON", "");
    DigestConfig config = ConfigLoader.load(f);
    try (DigestApp app = DigestApp.open(config, Clock.systemUTC(), 0);
        DigestScheduler s = DigestScheduler.start(app, "node-1");
        ScheduleReloader reloader = ScheduleReloader.start(config, s, java.time.Duration.ofHours(1))) {
      // The real scheduler is gone (as when its database is away): every update fails.
      s.close();
      write("0 30 6 ? * WED", "");
      assertThat(reloader.check()).isEqualTo(ScheduleReloader.Outcome.FAILED);
      // Not marked as seen: the next look tries again rather than reporting "unchanged".
      assertThat(reloader.check()).isEqualTo(ScheduleReloader.Outcome.FAILED);
    }
  }

  private static DayOfWeek day(DigestScheduler s) {
    return s.nextFireTime().orElseThrow().atZone(ZoneId.of("Europe/Berlin")).getDayOfWeek();
  }
}
