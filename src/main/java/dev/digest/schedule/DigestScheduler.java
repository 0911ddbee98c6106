package dev.digest.schedule;

import dev.digest.app.DigestApp;
import dev.digest.config.Cadence;
import dev.digest.config.DigestSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import javax.sql.DataSource;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires "build and deliver an edition" on the cron and time zone of feeds.yml, with Quartz's JDBC
 * job store in the digest database: a fire missed while the machine was down runs once when it
 * comes back (misfire policy "fire once now"), two runs of the digest never overlap, and on
 * PostgreSQL several nodes form a cluster in which exactly one fires.
 */
public final class DigestScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DigestScheduler.class);
  static final String GROUP = "digest";
  static final String RUN_KEY = "digestRun";

  private final Scheduler scheduler;
  private volatile DigestSettings digestSettings;
  private volatile java.util.List<String> cadences;

  DigestScheduler(Scheduler scheduler, DigestSettings digest) {
    this.scheduler = scheduler;
    this.digestSettings = digest;
    this.cadences = digest.cadenceNames();
  }

  /**
   * Starts the scheduler and (re)schedules the digest's trigger when feeds.yml changed its cron or
   * time zone.
   *
   * @param instanceId unique per node when clustered; any string otherwise
   */
  public static DigestScheduler start(DigestApp app, String instanceId) {
    DigestSettings digest = app.config().digest();
    boolean postgres = app.config().database().isPostgres();
    // Quartz looks data sources up by name in a JVM-wide registry: a unique name per instance.
    String dsName = "digest-" + UUID.randomUUID();
    DBConnectionManager.getInstance()
        .addConnectionProvider(dsName, new PooledProvider(app.dataSource()));
    Properties p = new Properties();
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "digest-" + digest.id());
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, instanceId);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.threadCount", "2");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        postgres
            ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
            : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", dsName);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    // A fire later than this counts as missed and follows the misfire policy.
    p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    if (postgres) {
      p.setProperty("org.quartz.jobStore.isClustered", "true");
      p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
    }
    Scheduler s = null;
    try {
      StdSchedulerFactory factory = new StdSchedulerFactory(p);
      s = factory.getScheduler();
      s.getContext().put(RUN_KEY, app.run());
      DigestScheduler ds = new DigestScheduler(s, digest);
      ds.ensureTrigger(digest);
      s.start();
      ds.nextFireTime()
          .ifPresent(
              t ->
                  log.info(
                      "schedule cadences={} zone={} next_fire={}",
                      digest.cadences(),
                      digest.timeZone(),
                      t));
      return ds;
    } catch (SchedulerException | RuntimeException e) {
      // Quartz keeps every scheduler it made in a JVM-wide registry by instance name: one left
      // there would be handed to the next start in this JVM, bound to this app's pool.
      shutDownQuietly(s);
      if (e instanceof SchedulerException) {
        throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
      }
      throw (RuntimeException) e;
    }
  }

  private static void shutDownQuietly(Scheduler s) {
    if (s == null) {
      return;
    }
    try {
      s.shutdown(false);
    } catch (SchedulerException e) {
      log.warn("scheduler shutdown after a failed start failed error={}", e.toString());
    }
  }

  /** The Quartz scheduler underneath (for tests in this package). */
  Scheduler quartz() {
    return scheduler;
  }

  /** The trigger of {@code cadence}: the digest's id for the one feeds.yml without cadences has. */
  static TriggerKey keyOf(DigestSettings digest, String cadence) {
    return TriggerKey.triggerKey(
        cadence.equals(Cadence.DEFAULT_NAME) ? digest.id() : digest.id() + "." + cadence, GROUP);
  }

  /**
   * One cron trigger per cadence of feeds.yml, each carrying its cadence's name to the job; a
   * trigger of a cadence no longer offered is removed.
   */
  void ensureTrigger(DigestSettings digest) throws SchedulerException {
    JobKey jobKey = JobKey.jobKey(digest.id(), GROUP);
    JobDetail job =
        JobBuilder.newJob(EditionJob.class)
            .withIdentity(jobKey)
            .withDescription("build and deliver the next edition of " + digest.title())
            .storeDurably()
            .build();
    if (scheduler.getJobDetail(jobKey) == null) {
      try {
        scheduler.addJob(job, false);
      } catch (ObjectAlreadyExistsException e) {
        // Another node stored it between our look and our insert: theirs is the same job.
      }
    }
    java.util.Set<TriggerKey> wantedKeys = new java.util.HashSet<>();
    for (Cadence cadence : digest.cadences()) {
      TriggerKey key = keyOf(digest, cadence.name());
      wantedKeys.add(key);
      ensureTrigger(digest, cadence, key, jobKey);
    }
    for (Trigger t : scheduler.getTriggersOfJob(jobKey)) {
      if (!wantedKeys.contains(t.getKey())) {
        log.info("cadence no longer offered: trigger removed key={}", t.getKey());
        scheduler.unscheduleJob(t.getKey());
      }
    }
  }

  private void ensureTrigger(DigestSettings digest, Cadence cadence, TriggerKey key, JobKey jobKey)
      throws SchedulerException {
    if (firesNoMore(cadence.schedule(), digest)) {
      // A one-shot schedule ("0 0 8 24 12 ? 2026") that has fired: Quartz deleted its trigger
      // after the fire and refuses to store one that will never fire, which would stop serve from
      // starting (and every other cadence with it). The cadence simply has nothing left to send.
      if (scheduler.unscheduleJob(key)) {
        log.info("schedule has no fire time left: trigger removed cadence={}", cadence.name());
      }
      log.warn(
          "cadence={} schedule=\"{}\" zone={} has no fire time left: nothing is scheduled for it"
              + " (change its schedule in feeds.yml to send it again)",
          cadence.name(),
          cadence.schedule(),
          digest.timeZone());
      return;
    }
    CronTrigger wanted =
        TriggerBuilder.newTrigger()
            .withIdentity(key)
            .forJob(jobKey)
            .usingJobData(EditionJob.CADENCE, cadence.name())
            .withSchedule(
                CronScheduleBuilder.cronSchedule(cadence.schedule())
                    .inTimeZone(TimeZone.getTimeZone(digest.timeZone()))
                    // Down at 08:00 Monday: send once when back, not zero or several times.
                    .withMisfireHandlingInstructionFireAndProceed())
            .build();
    Trigger existing = scheduler.getTrigger(key);
    if (existing == null) {
      try {
        scheduler.scheduleJob(wanted);
        return;
      } catch (ObjectAlreadyExistsException e) {
        // Two nodes started at once and the other one stored the trigger between our look and
        // our insert (the clustered store serialises the inserts): use theirs, as on a restart.
        existing = scheduler.getTrigger(key);
        if (existing == null) {
          throw e;
        }
        log.info("another node created the trigger a moment ago; using it key={}", key);
      }
    }
    if (existing instanceof CronTrigger
        && sameSchedule((CronTrigger) existing, cadence.schedule(), digest)
        && cadence.name().equals(existing.getJobDataMap().getString(EditionJob.CADENCE))) {
      log.debug("trigger unchanged key={}", key);
    } else {
      log.info(
          "feeds.yml changed the schedule: rescheduling cadence={} to cron=\"{}\" zone={}",
          cadence.name(),
          cadence.schedule(),
          digest.timeZone());
      scheduler.rescheduleJob(key, wanted);
    }
  }

  /** True when {@code cron} has no fire time after now (a year that has passed). */
  static boolean firesNoMore(String cron, DigestSettings digest) {
    try {
      CronExpression expression = new CronExpression(cron);
      expression.setTimeZone(TimeZone.getTimeZone(digest.timeZone()));
      return expression.getNextValidTimeAfter(new Date()) == null;
    } catch (java.text.ParseException e) {
      return false; // the config check refuses it; let Quartz say so as before
    }
  }

  private static boolean sameSchedule(CronTrigger t, String cron, DigestSettings digest) {
    return Objects.equals(t.getCronExpression(), cron)
        && Objects.equals(t.getTimeZone().getID(), digest.timeZone().getId());
  }

  /** Re-reads the schedule (after feeds.yml changed) and reschedules when it differs. */
  public void update(DigestSettings digest) {
    try {
      ensureTrigger(digest);
      this.digestSettings = digest;
      this.cadences = digest.cadenceNames();
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot update the schedule: " + e.getMessage(), e);
    }
  }

  /** The soonest next fire over every cadence. */
  public Optional<Instant> nextFireTime() {
    Optional<Instant> soonest = Optional.empty();
    for (String cadence : cadences) {
      Optional<Instant> t = nextFireTime(cadence);
      if (t.isPresent() && (soonest.isEmpty() || t.get().isBefore(soonest.get()))) {
        soonest = t;
      }
    }
    return soonest;
  }

  /** The next fire of {@code cadence}'s trigger, if it has one. */
  public Optional<Instant> nextFireTime(String cadence) {
    try {
      Trigger t = scheduler.getTrigger(keyOf(digestSettings, cadence));
      Date next = t == null ? null : t.getNextFireTime();
      return Optional.ofNullable(next).map(Date::toInstant);
    } catch (SchedulerException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    try {
      // Wait for a running edition job: it marks rows as it goes, so stopping mid-way is safe,
      // but finishing the current message is cleaner.
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      log.warn("scheduler shutdown failed error={}", e.toString());
    }
  }

  /** Hands Quartz connections from the application's pool. */
  private static final class PooledProvider implements ConnectionProvider {
    private final DataSource dataSource;

    PooledProvider(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
      // The pool belongs to the application, which closes it.
    }

    @Override
    public void initialize() {}
  }
}
