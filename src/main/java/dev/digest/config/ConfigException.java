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

  /**
   * The file as messages name it: its name, with the folder for a file of {@code feeds.d} ({@code
   * feeds.d/imported.yml}), so an included list is not mistaken for feeds.yml.
   */
  public static String displayName(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      return file.toString();
    }
    Path parent = file.getParent();
    if (parent != null
        && parent.getFileName() != null
        && parent.getFileName().toString().equals(ConfigLoader.INCLUDED_DIR)) {
      return ConfigLoader.INCLUDED_DIR + "/" + name;
    }
    return name.toString();
  }

  private static String format(Path file, int line, String key, String problem) {
    StringBuilder sb = new StringBuilder(displayName(file));
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
