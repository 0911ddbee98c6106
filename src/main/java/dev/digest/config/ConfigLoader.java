package dev.digest.config;

import java.nio.file.Path;

/** Reads and validates feeds.yml. */
public final class ConfigLoader {

  /** Loads {@code file}, interpolating {@code ${VAR}} / {@code ${VAR:-default}} from the environment. */
  public static DigestConfig load(Path file) throws ConfigException {
    return load(file, System.getenv());
  }

  /** As {@link #load(Path)}, with an explicit environment (tests). */
  public static DigestConfig load(Path file, java.util.Map<String, String> env)
      throws ConfigException {
    throw new UnsupportedOperationException("config helper implements this");
  }

  private ConfigLoader() {}
}
