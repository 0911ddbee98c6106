package dev.digest.config;

import java.nio.file.Path;

/**
 * feeds.yml cannot be used. The message reads {@code feeds.yml:LINE: key: what is wrong}, which is
 * what the CLI prints before exiting with status 2.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;
  private final String key;
  private final String problem;

  public ConfigException(Path file, int line, String key, String problem) {
    super(format(file, line, key, problem));
    this.file = file;
    this.line = line;
    this.key = key;
    this.problem = problem;
  }

  private static String format(Path file, int line, String key, String problem) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    StringBuilder sb = new StringBuilder(name);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (!key.isEmpty()) {
      sb.append(key).append(": ");
    }
    return sb.append(problem).toString();
  }

  public Path file() {
    return file;
  }

  /** 1-based line, or 0 when the problem is not tied to a line (file missing). */
  public int line() {
    return line;
  }

  /** Dotted key path such as {@code feeds[2].url}; empty when not tied to a key. */
  public String key() {
    return key;
  }

  public String problem() {
    return problem;
  }
}
