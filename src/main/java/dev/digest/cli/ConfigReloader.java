package dev.digest.cli;

import dev.digest.app.ConfigReport;
import dev.digest.app.DigestApp;
import dev.digest.config.ConfigChanges;
import dev.digest.config.ConfigException;
import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import dev.digest.schedule.DigestScheduler;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches feeds.yml (and the {@code feeds.d/*.yml} beside it) while {@code digest serve} runs and
 * applies what can change safely without a restart: the feed list, the fetch settings and the
 * schedule (see {@link ConfigChanges#HOT_PREFIXES}). Other changed keys are named in the log and on
 * /admin as needing a restart. A file that no longer loads is reported there with its file, line
 * and key, and the running configuration is kept.
 *
 * <p>Polls modification times and sizes: simple, and it works on every file system (WatchService
 * does not on some mounts, and misses editors that replace the file).
 */
final class ConfigReloader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

  private final Path file;
  private final DigestApp app;
  private final Optional<DigestScheduler> scheduler;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private DigestConfig current;
  private List<String> seen;

  private ConfigReloader(DigestApp app, Optional<DigestScheduler> scheduler) {
    this.app = app;
    this.current = app.liveConfig().get();
    this.file = current.file();
    this.scheduler = scheduler;
    this.clock = app.clock();
    this.seen = fingerprint();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "config-watch");
              t.setDaemon(true);
              return t;
            });
  }

  /** What one look at the files did. */
  enum Outcome {
    UNCHANGED,
    APPLIED,
    NOT_APPLIED,
    FAILED
  }

  /** Looks every {@code every}; {@code scheduler} empty on a node that runs no schedule. */
  static ConfigReloader start(DigestApp app, Optional<DigestScheduler> scheduler, Duration every) {
    ConfigReloader r = new ConfigReloader(app, scheduler);
    // The returned future is not kept: check() never throws, and an exception escaping a
    // periodic task would cancel every later run without a word.
    Future<?> unused =
        r.timer.scheduleWithFixedDelay(
            r::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return r;
  }

  /** One look at the files (package-private for tests). Never throws. */
  synchronized Outcome check() {
    List<String> now = fingerprint();
    if (Objects.equals(now, seen)) {
      return Outcome.UNCHANGED;
    }
    seen = now;
    DigestConfig next;
    try {
      next = ConfigLoader.load(file);
    } catch (ConfigException e) {
      return notApplied(e.getMessage());
    } catch (RuntimeException e) {
      return notApplied(file + ": could not be read: " + e);
    }
    if (!next.digest().id().equals(current.digest().id())) {
      return notApplied("digest.id changed: restart digest serve to apply it");
    }
    List<String> changed = ConfigChanges.between(current, next);
    List<String> applied = new ArrayList<>();
    List<String> needRestart = new ArrayList<>();
    for (String key : changed) {
      (ConfigChanges.hot(key) ? applied : needRestart).add(key);
    }
    if (scheduler.isPresent()) {
      try {
        // The scheduler compares with the stored trigger and reschedules only when cron or zone
        // moved.
        scheduler.get().update(next.digest());
      } catch (RuntimeException e) {
        // The database may be away for a moment: look again next period instead of giving up.
        seen = null;
        log.warn(
            "feeds.yml changed but the schedule could not be updated; retrying: {}",
            e.getMessage());
        app.liveConfig()
            .reloadFailed(
                ConfigReport.failed(
                    clock.instant(),
                    "the schedule could not be updated (retrying): " + e.getMessage()));
        return Outcome.FAILED;
      }
    }
    current = next;
    app.liveConfig()
        .reloaded(next, new ConfigReport(clock.instant(), Optional.empty(), applied, needRestart));
    log.info(
        "feeds.yml reloaded: feeds={} applied={} next_fire={}",
        next.feeds().size(),
        applied.isEmpty() ? "nothing" : String.join(",", applied),
        scheduler.flatMap(DigestScheduler::nextFireTime).map(Object::toString).orElse("none"));
    if (!needRestart.isEmpty()) {
      log.warn("feeds.yml: restart digest serve to apply {}", String.join(", ", needRestart));
    }
    return Outcome.APPLIED;
  }

  private Outcome notApplied(String why) {
    log.warn("feeds.yml changed but does not load; keeping the running configuration: {}", why);
    app.liveConfig().reloadFailed(ConfigReport.failed(clock.instant(), why));
    return Outcome.NOT_APPLIED;
  }

  // Modification time and size of feeds.yml and of every feeds.d/*.yml: an editor that writes
  // twice in one clock tick still changes the size, and a file added to feeds.d changes the list.
  private List<String> fingerprint() {
    List<String> out = new ArrayList<>();
    out.add(stamp(file));
    Path dir = current.baseDir().resolve("feeds.d");
    if (Files.isDirectory(dir)) {
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.yml")) {
        s.forEach(files::add);
      } catch (IOException e) {
        out.add("feeds.d unreadable: " + e.getMessage());
      }
      files.sort(null);
      files.forEach(f -> out.add(f.getFileName() + "=" + stamp(f)));
    }
    return out;
  }

  private static String stamp(Path f) {
    try {
      return Files.getLastModifiedTime(f) + "/" + Files.size(f);
    } catch (IOException e) {
      return "missing";
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
