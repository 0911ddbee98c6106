package dev.digest.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Appends feed entries to an included list ({@code feeds.d/imported.yml}): the file is created with
 * a header when absent, and otherwise kept byte for byte, comments included, with the new entries
 * added as text at its end. The result is written to a temporary file beside it, read back with
 * the loader's own rules, and only then moved over the old one in one step, so a reader (or a
 * running {@code serve}) sees the old list or the new one, never half of it.
 */
public final class FeedListWriter {

  static final String HEADER =
      """
      # Feeds added by `digest feeds import`. digest reads this file after feeds.yml, with the same
      # keys per entry (url, name, category, full-text, timeout, site). Edit or remove entries
      # freely: later imports append below and keep everything above as it is.
      feeds:
      """;

  private FeedListWriter() {}

  /**
   * Appends {@code feeds} to {@code file}; {@code baseDir} is the folder of feeds.yml (relative
   * paths in the list resolve against it).
   *
   * @throws ConfigException when the file as it would be written does not read back as a list
   *     with the old entries and the new ones (an existing file in flow style, say); nothing is
   *     written then
   */
  public static void append(Path file, Path baseDir, List<FeedSettings> feeds)
      throws ConfigException, IOException {
    String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    int had = before.isEmpty() ? 0 : ConfigLoader.readIncluded(file, baseDir).size();
    StringBuilder text = new StringBuilder(before.isBlank() ? HEADER : before);
    if (text.charAt(text.length() - 1) != '\n') {
      text.append('\n');
    }
    for (FeedSettings f : feeds) {
      text.append(entry(f));
    }
    Files.createDirectories(file.getParent());
    // A dot name: the loader skips it, so a serve that looks in between never reads it.
    Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + "-", ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      int now;
      try {
        now = ConfigLoader.readIncluded(temp, baseDir).size();
      } catch (ConfigException e) {
        throw new ConfigException(
            file, 0, "", "the new entries cannot be appended to it (" + e.problem() + ")");
      }
      if (now != had + feeds.size()) {
        throw new ConfigException(
            file,
            0,
            "",
            "the new entries cannot be appended to it: write its list in block style"
                + " (\"feeds:\" then \"  - url: ...\" lines) and import again");
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

  /** One list item in block style; every value double-quoted, so no text can break the YAML. */
  static String entry(FeedSettings f) {
    StringBuilder b = new StringBuilder("  - url: ").append(quote(f.url())).append('\n');
    if (!f.name().isEmpty()) {
      b.append("    name: ").append(quote(f.name())).append('\n');
    }
    if (!f.category().isEmpty()) {
      b.append("    category: ").append(quote(f.category())).append('\n');
    }
    if (f.fullText()) {
      b.append("    full-text: true\n");
    }
    f.timeout().ifPresent(t -> b.append("    timeout: ").append(t).append('\n'));
    if (!f.site().isEmpty()) {
      b.append("    site: ").append(quote(f.site())).append('\n');
    }
    return b.toString();
  }

  /**
   * A YAML double-quoted scalar (YAML 1.1 escapes, which SnakeYAML reads); {@code ${} doubled to
   * {@code $${}, since the loader would otherwise take a title such as "Costs in ${USD}" for an
   * environment variable.
   */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    String text = s.replace("${", "$${");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
