package dev.digest.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.digest.app.DigestApp;
import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import dev.digest.feed.TestServer;
import dev.digest.subscribe.SubscriberStatus;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;

/** Real Quartz on the JDBC job store in H2, real SMTP into GreenMail, a real feed server. */
class DigestSchedulerTest {

  @TempDir Path dir;
  GreenMail smtp;
  TestServer feeds;
  Path config;

  @BeforeEach
  void start() throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            Instant.now().minus(1, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC));
    byte[] rss =
        ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><link>http://127.0.0.1/</link>"
                + "<item><title>Tide tables published</title><link>http://127.0.0.1/a</link><pubDate>"
                + date
                + "</pubDate>"
                + "<description>The harbour office published the tide tables for next year. They list high and low water for every day. "
                + "Sailors use them to plan trips. The tables are free to download.</description></item></channel></rss>")
            .getBytes(StandardCharsets.UTF_8);
    feeds = new TestServer().route("/feed.xml", ex -> TestServer.send(ex, 200, "", rss));
    config = dir.resolve("feeds.yml");
  }

  @AfterEach
  void stop() {
    feeds.close();
    smtp.stop();
  }

  private void writeConfig(String cron) throws Exception {
    writeDigest("  schedule: \"" + cron + "\"\n");
  }

  /** feeds.yml with the digest's schedule lines given, the templates, GreenMail and the feed. */
  private void writeDigest(String scheduleLines) throws Exception {
    Files.writeString(
        config,
        "digest:\n  title: Tide Brief\n"
            + scheduleLines
            + "  time-zone: Europe/Berlin\n  templates: "
            + Path.of("templates").toAbsolutePath()
            + "\nmail:\n  smtp: { host: 127.0.0.1, port: "
            + smtp.getSmtp().getPort()
            + ", security: none }\n"
            + "feeds:\n  - url: "
            + feeds.url("/feed.xml")
            + "\n");
  }

  @Test
  void aFireMissedWhileDownSendsOnceWhenTheSchedulerComesBack() throws Exception {
    writeConfig("0 0 8 ? * MON");
    try (DigestApp app = DigestApp.open(ConfigLoader.load(config), Clock.systemUTC(), 0)) {
      app.subscribers().add("sailor@example.net", SubscriberStatus.ACTIVE);
      try (DigestScheduler s = DigestScheduler.start(app, "node-1")) {
        assertThat(s.nextFireTime()).isPresent();
        assertThat(s.nextFireTime().get()).isAfter(Instant.now());
      }
      // The machine was "down" over a fire: move the stored fire time two minutes into the past
      // (beyond the 60 s misfire threshold).
      try (Connection c = app.dataSource().getConnection();
          PreparedStatement ps =
              c.prepareStatement("UPDATE qrtz_triggers SET next_fire_time = ?")) {
        ps.setLong(1, Instant.now().minus(2, ChronoUnit.MINUTES).toEpochMilli());
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      try (DigestScheduler s = DigestScheduler.start(app, "node-1")) {
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length >= 1);
        // Once, not several times: give a wrongly repeating trigger the chance to show.
        Thread.sleep(2000);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(s.nextFireTime().get()).isAfter(Instant.now().plus(Duration.ofMinutes(1)));
      }
      assertThat(app.editions().list(app.config().digest().id())).hasSize(1);
    }
  }

  @Test
  void aStartThatFailsLeavesNoSchedulerBehindForTheNextStart() throws Exception {
    writeConfig("0 0 8 ? * MON");
    // Its pool closed before the start: Quartz's first look at its tables fails.
    DigestApp closed = DigestApp.open(ConfigLoader.load(config), Clock.systemUTC(), 0);
    closed.close();
    assertThatThrownBy(() -> DigestScheduler.start(closed, "node-1"))
        .hasMessageContaining("cannot start the scheduler");
    // A new app (its own pool) in the same JVM: its start gets a scheduler of its own, not the
    // failed one bound to the closed pool.
    try (DigestApp app = DigestApp.open(ConfigLoader.load(config), Clock.systemUTC(), 0);
        DigestScheduler s = DigestScheduler.start(app, "node-1")) {
      assertThat(s.nextFireTime()).isPresent();
      assertThat(s.nextFireTime().get()).isAfter(Instant.now());
    }
  }

  @Test
  void aOneShotScheduleThatHasFiredLeavesTheOtherCadencesScheduled() throws Exception {
    // A one-shot issue two seconds from now, and a weekly cadence beside it.
    String soon =
        DateTimeFormatter.ofPattern("s m H d M '?' yyyy")
            .format(
                java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Berlin")).plusSeconds(2));
    writeCadences(soon, "0 0 8 ? * MON");
    DigestConfig loaded = ConfigLoader.load(config);
    assertThat(DigestScheduler.firesNoMore(soon, loaded.digest())).isFalse();
    // Started after the one-shot's time (Quartz would refuse to store its trigger now). A stop
    // while Quartz acquires a trigger seconds away is the case of
    // stoppingRightAfterAStartReturnsAndLeavesTheDatabaseUsable.
    Thread.sleep(3000);
    assertThat(DigestScheduler.firesNoMore(soon, loaded.digest())).isTrue();
    try (DigestApp app = DigestApp.open(loaded, Clock.systemUTC(), 0)) {
      try (DigestScheduler s = DigestScheduler.start(app, "node-1")) {
        assertThat(s.nextFireTime("special")).isEmpty();
        assertThat(s.quartz().getTrigger(DigestScheduler.keyOf(app.config().digest(), "special")))
            .isNull();
        assertThat(s.nextFireTime("weekly")).isPresent();
        assertThat(s.nextFireTime()).isEqualTo(s.nextFireTime("weekly"));
        // feeds.yml read again with the same cadences: the reload does not fail either.
        s.update(ConfigLoader.load(config).digest());
        assertThat(s.nextFireTime("weekly")).isPresent();
      }
    }
  }

  @Test
  void stoppingRightAfterAStartReturnsAndLeavesTheDatabaseUsable() throws Exception {
    // Quartz's shutdown interrupts its scheduler thread, which a start has just set to acquire
    // the trigger due in seconds. On a FileChannel the interrupt closed the H2 database during the
    // acquisition's commit, Quartz retried validating that commit until its store was shut down,
    // which comes after the wait for that very thread: the stop never returned. Where the
    // interrupt lands varies with timing, so several rounds. The trigger is 10 s ahead: still due
    // "in seconds" for the acquisition, and still ahead when a slow machine has opened the app and
    // started the scheduler (a fire, or a time already past, would leave no trigger to look at).
    for (int round = 0; round < 5; round++) {
      String soon =
          DateTimeFormatter.ofPattern("s m H d M '?' yyyy")
              .format(
                  java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Berlin"))
                      .plusSeconds(10));
      writeConfig(soon);
      try (DigestApp app = DigestApp.open(ConfigLoader.load(config), Clock.systemUTC(), 0)) {
        DigestScheduler s = DigestScheduler.start(app, "node-1");

        assertTimeoutPreemptively(Duration.ofSeconds(20), s::close, "stop of round " + round);

        // The database is still open: a write and a read from this thread succeed.
        try (Connection c = app.dataSource().getConnection();
            PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO seen_item (item_key, seen_at) VALUES (?, CURRENT_TIMESTAMP)")) {
          ps.setString(1, "after-stop-" + round);
          assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(triggerState(app)).as("round " + round).isIn("WAITING", "ACQUIRED");
        try (Connection c = app.dataSource().getConnection();
            ResultSet rs =
                c.createStatement()
                    .executeQuery(
                        "SELECT COUNT(*) FROM seen_item WHERE item_key LIKE 'after-stop-%'")) {
          rs.next();
          assertThat(rs.getInt(1)).isEqualTo(round + 1);
        }
      }
    }
  }

  private static String triggerState(DigestApp app) throws java.sql.SQLException {
    try (Connection c = app.dataSource().getConnection();
        ResultSet rs =
            c.createStatement().executeQuery("SELECT trigger_state FROM qrtz_triggers")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private void writeCadences(String special, String weekly) throws Exception {
    writeDigest(
        "  cadences:\n    - { name: special, schedule: \""
            + special
            + "\" }\n    - { name: weekly, schedule: \""
            + weekly
            + "\" }\n  default-cadence: weekly\n");
  }

  @Test
  void changedCronInFeedsYmlReschedulesTheStoredTrigger() throws Exception {
    writeConfig("0 0 8 ? * MON");
    Instant monday;
    try (DigestApp app = DigestApp.open(ConfigLoader.load(config), Clock.systemUTC(), 0);
        DigestScheduler s = DigestScheduler.start(app, "node-1")) {
      monday = s.nextFireTime().orElseThrow();
    }
    writeConfig("0 30 6 ? * TUE");
    try (DigestApp app = DigestApp.open(ConfigLoader.load(config), Clock.systemUTC(), 0);
        DigestScheduler s = DigestScheduler.start(app, "node-1")) {
      Instant tuesday = s.nextFireTime().orElseThrow();
      assertThat(tuesday).isNotEqualTo(monday);
      assertThat(tuesday.atZone(java.time.ZoneId.of("Europe/Berlin")).getDayOfWeek())
          .isEqualTo(java.time.DayOfWeek.TUESDAY);
      assertThat(tuesday.atZone(java.time.ZoneId.of("Europe/Berlin")).getHour()).isEqualTo(6);
      try (Connection c = app.dataSource().getConnection();
          ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM qrtz_triggers")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void aNodeThatLosesTheRaceToCreateTheTriggerUsesTheOtherNodesTrigger() throws Exception {
    writeConfig("0 0 8 ? * MON");
    try (DigestApp app = DigestApp.open(ConfigLoader.load(config), Clock.systemUTC(), 0);
        DigestScheduler first = DigestScheduler.start(app, "node-1")) {
      Scheduler real = first.quartz();
      TriggerKey key = TriggerKey.triggerKey(app.config().digest().id(), DigestScheduler.GROUP);
      // The second node looked before the first node's insert landed: its first look finds
      // nothing, its insert then meets the stored trigger. Everything else is the real store.
      AtomicInteger looks = new AtomicInteger();
      Scheduler late =
          (Scheduler)
              Proxy.newProxyInstance(
                  Scheduler.class.getClassLoader(),
                  new Class<?>[] {Scheduler.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("getTrigger") && looks.getAndIncrement() == 0) {
                      return null;
                    }
                    try {
                      return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });

      new DigestScheduler(late, app.config().digest()).ensureTrigger(app.config().digest());

      assertThat(looks.get()).isEqualTo(2);
      assertThat(first.nextFireTime()).isPresent();
      try (Connection c = app.dataSource().getConnection();
          ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM qrtz_triggers")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }
}
