package dev.digest.cli;

import dev.digest.config.ConfigException;
import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import dev.digest.schedule.DigestScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches feeds.yml while {@code digest serve} runs and moves the schedule when its cron or time
 * zone changes, without a restart. A file that no longer loads is reported and the running
 * schedule kept. Other settings apply after a restart (said in the log). Polls the modification
 * time: simple, and it works on every file system (WatchService does not on some mounts).
 */
final class ScheduleReloader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ScheduleReloader.class);

  private final Path file;
  private final DigestScheduler scheduler;
  private final ScheduledExecutorService timer;
  private final DigestConfig current;
  private FileTime seen;

  private ScheduleReloader(Path file, DigestConfig current, DigestScheduler scheduler) {
    this.file = file;
    this.current = current;
    this.scheduler = scheduler;
    this.seen = modified(file);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "config-watch");
              t.setDaemon(true);
              return t;
            });
  }

  /** What one look at the file did. */
  enum Outcome { UNCHANGED, APPLIED, NOT_APPLIED, FAILED }

  static ScheduleReloader start(DigestConfig config, DigestScheduler scheduler, Duration every) {
    ScheduleReloader r = new ScheduleReloader(config.file(), config, scheduler);
    // The returned future is not kept: check() never throws, and an exception escaping a
    // periodic task would cancel every later run without a word.
    Future<?> unused =
        r.timer.scheduleWithFixedDelay(r::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return r;
  }

  /** One look at the file (package-private for tests). Never throws. */
  synchronized Outcome check() {
    FileTime now = modified(file);
    if (Objects.equals(now, seen)) {
      return Outcome.UNCHANGED;
    }
    seen = now;
    DigestConfig next;
    try {
      next = ConfigLoader.load(file);
    } catch (ConfigException e) {
      log.warn("feeds.yml changed but does not load; keeping the running schedule: {}", e.getMessage());
      return Outcome.NOT_APPLIED;
    } catch (RuntimeException e) {
      log.warn("feeds.yml changed but could not be read: {}", e.toString());
      return Outcome.NOT_APPLIED;
    }
    if (!next.digest().id().equals(current.digest().id())) {
      log.warn("digest.id changed in feeds.yml: restart digest serve to apply it");
      return Outcome.NOT_APPLIED;
    }
    try {
      // The scheduler compares with the stored trigger and reschedules only when cron or zone moved.
      scheduler.update(next.digest());
    } catch (RuntimeException e) {
      // The database may be away for a moment: look again next period instead of giving up.
      seen = null;
      log.warn("feeds.yml changed but the schedule could not be updated; retrying: {}", e.getMessage());
      return Outcome.FAILED;
    }
    // Only the schedule applies while serving; say so rather than work out what else changed.
    log.info(
        "feeds.yml reloaded: next_fire={}; changes other than the schedule apply after a restart",
        scheduler.nextFireTime().map(Object::toString).orElse("none"));
    return Outcome.APPLIED;
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
