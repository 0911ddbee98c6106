package dev.digest.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code feeds.d/imported.yml}, the feed list {@code digest feeds import} owns. feeds.yml stays the
 * operator's: SnakeYAML cannot write it back with its comments and layout, so imported feeds go to
 * this file, rewritten whole (what it held, then the new feeds) into a temporary file beside it
 * that is read back like the loader reads it and then moved over the old one in one step. A reader
 * (or {@code serve}'s reload) sees the old list or the new one, never half of one.
 */
public final class ImportedFeeds {

  public static final String FILE_NAME = "imported.yml";

  /** The file for the config whose folder is {@code baseDir}. */
  public static Path file(Path baseDir) {
    return baseDir.resolve(ConfigLoader.INCLUDED_DIR).resolve(FILE_NAME);
  }

  /** The entries the file holds now; none when there is no file yet. */
  public static List<FeedSettings> read(Path baseDir) throws ConfigException {
    Path file = file(baseDir);
    return Files.exists(file) ? ConfigLoader.readIncluded(file, baseDir) : List.of();
  }

  /** Replaces the file's list with {@code feeds} (atomically where the file system can). */
  public static void write(Path baseDir, List<FeedSettings> feeds)
      throws IOException, ConfigException {
    Path file = file(baseDir);
    Files.createDirectories(file.getParent());
    // A dot name: the loader skips dot files, so a reload never reads a half-written list.
    Path temp = Files.createTempFile(file.getParent(), "." + FILE_NAME + ".", ".tmp");
    try {
      Files.writeString(temp, yaml(feeds), StandardCharsets.UTF_8);
      List<FeedSettings> back = ConfigLoader.readIncluded(temp, baseDir);
      if (back.size() != feeds.size()) {
        throw new IllegalStateException(
            "wrote " + feeds.size() + " feeds but read back " + back.size());
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The file's text: a header, then one entry per feed with every value double-quoted. */
  static String yaml(List<FeedSettings> feeds) {
    StringBuilder b = new StringBuilder();
    b.append("# Feeds added by `digest feeds import` or /admin/feeds; read with feeds.yml, which\n")
        .append("# stays yours.\n")
        .append("# This file is rewritten on every import: entries may be edited or removed,\n")
        .append("# but comments are not kept.\n")
        .append("feeds:\n");
    for (FeedSettings f : feeds) {
      b.append("  - url: ").append(quoted(f.url())).append('\n');
      if (!f.name().isEmpty()) {
        b.append("    name: ").append(quoted(f.name())).append('\n');
      }
      if (!f.category().isEmpty()) {
        b.append("    category: ").append(quoted(f.category())).append('\n');
      }
      if (!f.site().isEmpty()) {
        b.append("    site: ").append(quoted(f.site())).append('\n');
      }
      if (f.fullText()) {
        b.append("    full-text: true\n");
      }
      f.timeout().ifPresent(t -> b.append("    timeout: ").append(t.toMillis()).append("ms\n"));
      if (f.disabled()) {
        b.append("    disabled: true\n");
      }
    }
    return b.toString();
  }

  /**
   * A YAML double-quoted scalar that reads back as {@code s} exactly: backslash and quote escaped,
   * control characters as {@code \\uXXXX}, and <code>${</code> written as <code>$${</code> so that
   * a name from someone else's OPML is never expanded from the environment.
   */
  static String quoted(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20
          || c == 0x7F
          || (c >= 0x80 && c < 0xA0)
          || c == 0x2028
          || c == 0x2029
          || c == 0xFEFF
          || Character.isSurrogate(c) && !validPair(s, i)) {
        if (Character.isSurrogate(c)) {
          continue; // a lone surrogate: nothing can carry it
        }
        b.append(String.format("\\u%04x", (int) c));
      } else if (c == '$' && s.startsWith("${", i)) {
        b.append("$$");
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private static boolean validPair(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  private ImportedFeeds() {}
}
