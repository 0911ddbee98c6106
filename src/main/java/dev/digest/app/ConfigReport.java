package dev.digest.app;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the last look at a changed feeds.yml did while serving, for the log and /admin.
 *
 * @param at when the change was read
 * @param error why the file did not load (file, line and key), when it did not: the running
 *     configuration was kept
 * @param applied the keys that took effect at once
 * @param needRestart the changed keys that apply after a restart
 */
public record ConfigReport(
    Instant at, Optional<String> error, List<String> applied, List<String> needRestart) {

  public ConfigReport {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(error, "error");
    applied = List.copyOf(applied);
    needRestart = List.copyOf(needRestart);
  }

  public static ConfigReport failed(Instant at, String error) {
    return new ConfigReport(at, Optional.of(error), List.of(), List.of());
  }
}
