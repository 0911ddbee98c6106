package dev.digest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.app.ConfigReport;
import dev.digest.app.DigestApp;
import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import dev.digest.config.FeedSettings;
import dev.digest.schedule.DigestScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Quartz on H2: editing feeds.yml while serving moves the schedule and changes the feed list
 * the next run reads; other keys are named as needing a restart; a broken edit keeps it all.
 */
class ConfigReloaderTest {

  @TempDir Path dir;

  private int counter;

  private Path write(String cron, String extra, String feeds) throws Exception {
    Path f = dir.resolve("feeds.yml");
    Files.writeString(
        f,
        "digest:\n  schedule: \""
            + cron
            + "\"\n  time-zone: Europe/Berlin\n  templates: "
            + Path.of("templates").toAbsolutePath()
            + "\n"
            + extra
            + "mail:\n  smtp: { host: 127.0.0.1, port: 9, security: none }\n"
            + "feeds:\n"
            + feeds);
    // A distinct modification time even on coarse file systems.
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(counter++)));
    return f;
  }

  private static final String ONE = "  - url: http://127.0.0.1:9/feed.xml\n";
  private static final String TWO =
      ONE + "  - { url: http://127.0.0.1:9/other.xml, category: Crafts }\n";

  @Test
  void aChangedCronMovesTheScheduleAndABrokenFileKeepsIt() throws Exception {
    Path f = write("0 0 8 ? * MON", "", ONE);
    DigestConfig config = ConfigLoader.load(f);
    try (DigestApp app = DigestApp.open(config, Clock.systemUTC(), 0);
        DigestScheduler s = DigestScheduler.start(app, "node-1");
        ConfigReloader reloader = ConfigReloader.start(app, Optional.of(s), Duration.ofHours(1))) {
      assertThat(day(s)).isEqualTo(DayOfWeek.MONDAY);

      assertThat(reloader.check()).isEqualTo(ConfigReloader.Outcome.UNCHANGED);
      write("0 30 6 ? * WED", "", ONE);
      assertThat(reloader.check()).isEqualTo(ConfigReloader.Outcome.APPLIED);
      assertThat(day(s)).isEqualTo(DayOfWeek.WEDNESDAY);
      assertThat(s.nextFireTime().orElseThrow().atZone(ZoneId.of("Europe/Berlin")).getHour())
          .isEqualTo(6);
      assertThat(app.liveConfig().report().orElseThrow().applied())
          .containsExactly("digest.schedule");

      Files.writeString(f, "digest:\n  schedule: [broken\n");
      Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(100)));
      assertThat(reloader.check()).isEqualTo(ConfigReloader.Outcome.NOT_APPLIED);
      assertThat(day(s)).as("kept").isEqualTo(DayOfWeek.WEDNESDAY);
      assertThat(app.liveConfig().report().orElseThrow().error().orElseThrow())
          .startsWith("feeds.yml:")
          .contains("digest.schedule");

      write("0 0 9 ? * FRI", "", ONE);
      reloader.check();
      assertThat(day(s)).isEqualTo(DayOfWeek.FRIDAY);
      assertThat(app.liveConfig().report().orElseThrow().error()).isEmpty();
    }
  }

  @Test
  void anAddedFeedIsWhatTheNextRunReadsAndOtherKeysWaitForARestart() throws Exception {
    Path f = write("0 0 8 ? * MON", "", ONE);
    try (DigestApp app = DigestApp.open(ConfigLoader.load(f), Clock.systemUTC(), 0);
        ConfigReloader reloader =
            ConfigReloader.start(app, Optional.empty(), Duration.ofHours(1))) {
      write("0 0 8 ? * MON", "  max-articles: 7\n", TWO);

      assertThat(reloader.check()).isEqualTo(ConfigReloader.Outcome.APPLIED);
      assertThat(app.liveConfig().get().feeds())
          .extracting(FeedSettings::category)
          .containsExactly("", "Crafts");
      assertThat(app.feedHealth().all()).hasSize(2);
      ConfigReport report = app.liveConfig().report().orElseThrow();
      assertThat(report.applied()).containsExactly("feeds");
      assertThat(report.needRestart()).containsExactly("digest.max-articles");
      // Keys that need a restart keep their running value.
      assertThat(app.config().digest().maxArticles()).isEqualTo(25);

      Files.writeString(f, Files.readString(f).replace("category: Crafts", "categroy: Crafts"));
      Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(100)));
      assertThat(reloader.check()).isEqualTo(ConfigReloader.Outcome.NOT_APPLIED);
      assertThat(app.liveConfig().report().orElseThrow().error().orElseThrow())
          .contains("feeds.yml:")
          .contains("categroy");
      assertThat(app.liveConfig().get().feeds()).as("kept").hasSize(2);
    }
  }

  @Test
  void aFileAddedUnderFeedsDIsNoticed() throws Exception {
    Path f = write("0 0 8 ? * MON", "", ONE);
    try (DigestApp app = DigestApp.open(ConfigLoader.load(f), Clock.systemUTC(), 0);
        ConfigReloader reloader =
            ConfigReloader.start(app, Optional.empty(), Duration.ofHours(1))) {
      Files.createDirectories(dir.resolve("feeds.d"));
      Files.writeString(dir.resolve("feeds.d/extra.yml"), "feeds: []\n");

      assertThat(reloader.check()).isNotEqualTo(ConfigReloader.Outcome.UNCHANGED);
      assertThat(reloader.check()).isEqualTo(ConfigReloader.Outcome.UNCHANGED);
    }
  }

  @Test
  void aScheduleThatCannotBeUpdatedIsRetriedAndNeverStopsTheWatch() throws Exception {
    Path f = write("0 0 8 ? * MON", "", ONE);
    DigestConfig config = ConfigLoader.load(f);
    try (DigestApp app = DigestApp.open(config, Clock.systemUTC(), 0);
        DigestScheduler s = DigestScheduler.start(app, "node-1");
        ConfigReloader reloader = ConfigReloader.start(app, Optional.of(s), Duration.ofHours(1))) {
      // The real scheduler is gone (as when its database is away): every update fails.
      s.close();
      write("0 30 6 ? * WED", "", ONE);
      assertThat(reloader.check()).isEqualTo(ConfigReloader.Outcome.FAILED);
      // Not marked as seen: the next look tries again rather than reporting "unchanged".
      assertThat(reloader.check()).isEqualTo(ConfigReloader.Outcome.FAILED);
      assertThat(app.liveConfig().get().digest().schedule())
          .as("not taken")
          .isEqualTo("0 0 8 ? * MON");
    }
  }

  private static DayOfWeek day(DigestScheduler s) {
    return s.nextFireTime().orElseThrow().atZone(ZoneId.of("Europe/Berlin")).getDayOfWeek();
  }
}
