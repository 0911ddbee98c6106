package dev.digest.cli;

import dev.digest.config.ConfigException;
import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import dev.digest.store.Database;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The configuration file and the database of a short command, read and opened on another core while
 * picocli builds the command line: picocli's classes are too old a class-file version for the
 * class-data archive, so building the command line costs a "nothing new" send about 0.1 s, as much
 * as reading the configuration and opening H2 together.
 *
 * <p>Started from {@link Main#main} only, for the commands that begin with exactly that ({@code
 * send}, {@code feeds check}), and not for help or version. The config file is guessed from the
 * arguments; {@link #load} takes the result only when picocli parsed the same file, and otherwise
 * loads as always, so a wrong guess costs nothing but the wasted work. What loading the file throws
 * is thrown by {@link #load}, as if it had been loaded there. The database is only ever pre-opened
 * when it exists ({@link Database#preopen}).
 */
final class Preload {

  private record Loaded(Path file, CompletableFuture<Object> outcome) {}

  private static volatile Loaded loaded;

  private Preload() {}

  /** Starts reading the config file (then opening its database) of {@code args}, if worth it. */
  static void start(String... args) {
    Optional<Path> file = configFile(args);
    if (file.isEmpty()) {
      return;
    }
    Loaded l = new Loaded(file.get(), new CompletableFuture<>());
    loaded = l;
    Thread t = new Thread(() -> run(l), "preload");
    t.setDaemon(true);
    t.start();
  }

  private static void run(Loaded l) {
    DigestConfig config;
    try {
      config = ConfigLoader.load(l.file());
    } catch (ConfigException | RuntimeException e) {
      l.outcome().complete(e);
      return;
    } catch (Error e) {
      l.outcome().complete(null); // loaded again, and thrown again, where it is asked for
      throw e;
    }
    // Registered before the config is handed over, so the command's own open finds it pending.
    Database.preopen(config.database(), () -> l.outcome().complete(config));
  }

  /** The command's configuration: the one read ahead when it was that file, else read now. */
  static DigestConfig load(ConfigOption option) throws ConfigException {
    Optional<DigestConfig> ahead = config(option.file);
    return ahead.isPresent() ? ahead.get() : option.load();
  }

  /**
   * The outcome of loading {@code file} ahead, once done: the config, or the exception it threw
   * (thrown here); empty when nothing was loaded ahead for that file.
   */
  static Optional<DigestConfig> config(Path file) throws ConfigException {
    Loaded l = loaded;
    if (l == null || !same(l.file(), file)) {
      return Optional.empty();
    }
    loaded = null; // taken once
    Object o = l.outcome().join();
    if (o instanceof DigestConfig c) {
      return Optional.of(c);
    }
    if (o instanceof ConfigException e) {
      throw e;
    }
    if (o instanceof RuntimeException e) {
      throw e;
    }
    return Optional.empty();
  }

  private static boolean same(Path a, Path b) {
    try {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static final List<String> NO_PRELOAD = List.of("-h", "--help", "-V", "--version");

  /**
   * The config file a command line of {@code send} or {@code feeds check} names ({@code -c FILE},
   * {@code -c=FILE}, {@code --config FILE}, {@code --config=FILE}; default {@code feeds.yml});
   * empty for other commands and for help or version.
   */
  static Optional<Path> configFile(String... args) {
    int from;
    if (args.length >= 1 && args[0].equals("send")) {
      from = 1;
    } else if (args.length >= 2 && args[0].equals("feeds") && args[1].equals("check")) {
      from = 2;
    } else {
      return Optional.empty();
    }
    String file = "feeds.yml";
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      if (NO_PRELOAD.contains(a) || a.equals("--")) {
        return Optional.empty();
      }
      if ((a.equals("-c") || a.equals("--config")) && i + 1 < args.length) {
        file = args[++i];
      } else if (a.startsWith("--config=")) {
        file = a.substring("--config=".length());
      } else if (a.startsWith("-c=")) {
        file = a.substring("-c=".length());
      }
    }
    try {
      return Optional.of(Path.of(file));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
