package dev.digest.app;

import dev.digest.config.DigestConfig;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The configuration a serving process reads for its next run, and what its last reload did. serve's
 * reloader swaps in a reloaded file's hot keys (feeds, fetch; see ConfigChanges); the rest of the
 * graph keeps the configuration it was opened with, since those keys need a restart. One holder
 * that {@link DigestApp} makes and hands out, so a page or a run reads the current file through a
 * plain {@code Supplier<DigestConfig>} instead of asking the whole graph.
 */
public final class LiveConfig implements Supplier<DigestConfig> {

  private final AtomicReference<DigestConfig> current;
  private final AtomicReference<Optional<ConfigReport>> report =
      new AtomicReference<>(Optional.empty());

  /** Starts at the configuration the process was opened with. */
  public LiveConfig(DigestConfig opened) {
    this.current = new AtomicReference<>(Objects.requireNonNull(opened, "opened"));
  }

  /** The configuration as last reloaded (the opened one until then). */
  @Override
  public DigestConfig get() {
    return current.get();
  }

  /** Takes a reloaded configuration's hot keys for the next run, and what the reload did. */
  public void reloaded(DigestConfig next, ConfigReport what) {
    current.set(Objects.requireNonNull(next, "next"));
    report.set(Optional.of(what));
  }

  /** Records a reload that did not apply (the file does not load, or the schedule moved not). */
  public void reloadFailed(ConfigReport what) {
    report.set(Optional.of(what));
  }

  /** What the last reload did, if the file changed since the process started. */
  public Optional<ConfigReport> report() {
    return report.get();
  }
}
