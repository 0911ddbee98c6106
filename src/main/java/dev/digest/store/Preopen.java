package dev.digest.store;

import dev.digest.config.DatabaseSettings;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The one database a process may start opening before it knows it needs it ({@link
 * Database#preopen}), until {@link Database#open} takes it over. Thread-safe.
 */
final class Preopen {

  private record Pending(DatabaseSettings settings, CompletableFuture<Database.Opened> opened) {}

  private static Pending pending;

  private Preopen() {}

  /**
   * Runs {@code work} on this thread as the pending open of {@code settings} (one at a time), after
   * {@code registered}.
   */
  static void run(DatabaseSettings settings, Runnable registered, Supplier<Database.Opened> work) {
    Pending p = new Pending(settings, new CompletableFuture<>());
    synchronized (Preopen.class) {
      if (pending != null) {
        registered.run();
        return;
      }
      pending = p;
    }
    registered.run();
    Database.Opened o = null;
    try {
      o = work.get();
    } catch (RuntimeException e) {
      // Forgotten: the open that takes over meets it again, on its own thread, and reports it.
    } finally {
      p.opened().complete(o);
    }
  }

  /**
   * The pending open of equal settings, taken over once it has finished; null when there is none or
   * it failed. A pending open of other settings is left alone.
   */
  static Database.Opened claim(DatabaseSettings settings) {
    Pending p;
    synchronized (Preopen.class) {
      p = pending;
      if (p == null || !p.settings().equals(settings)) {
        return null;
      }
      pending = null;
    }
    return p.opened().join();
  }

  /** Whether an open of {@code settings} is pending, not yet taken over (tests). */
  static synchronized boolean pending(DatabaseSettings settings) {
    return pending != null && pending.settings().equals(settings);
  }
}
