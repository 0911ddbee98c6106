package dev.digest.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a YAML file into SnakeYAML's node tree, which keeps the line of every key and value; only
 * composes nodes, never constructs Java objects from tags.
 */
final class YamlReader {

  private YamlReader() {}

  /** The root node, or empty for a file without a document (empty or only comments). */
  static Optional<Node> read(Path file) throws ConfigException {
    if (Files.isDirectory(file)) {
      throw new ConfigException(file, 0, "", "is a directory, not a file: " + file);
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, 0, "", "file not found: " + file);
    } catch (CharacterCodingException e) {
      throw new ConfigException(file, 0, "", "not UTF-8 text: " + file);
    } catch (IOException e) {
      throw new ConfigException(file, 0, "", "cannot read " + file + ": " + e.getMessage());
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // a byte order mark some Windows editors write
    }
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50); // no "billion laughs"
    options.setAllowRecursiveKeys(false);
    try {
      return Optional.ofNullable(new Yaml(options).compose(new StringReader(text)));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 0 : mark.getLine() + 1;
      throw new ConfigException(
          file, line, pathAtError(text, options), "invalid YAML: " + describe(e));
    } catch (YAMLException e) {
      throw new ConfigException(file, 0, "", "invalid YAML: " + visible(e.getMessage()));
    }
  }

  /**
   * The dotted key path the parser was inside when it failed, found by replaying its events up to
   * the error: {@code digest} for a tab in the digest section, {@code feeds[1].url} for a broken
   * value of the second feed's url.
   */
  private static String pathAtError(String text, LoaderOptions options) {
    Deque<Frame> stack = new ArrayDeque<>();
    try {
      for (Event e : new Yaml(options).parse(new StringReader(text))) {
        Frame top = stack.peek();
        if (e instanceof ScalarEvent
            || e instanceof AliasEvent
            || e instanceof CollectionStartEvent) {
          if (top != null && top.mapping && top.expectingKey) {
            top.key = e instanceof ScalarEvent ? ((ScalarEvent) e).getValue() : "?";
            top.expectingKey = e instanceof CollectionStartEvent; // complex keys: give up gently
            if (e instanceof CollectionStartEvent) {
              stack.push(new Frame(e instanceof MappingStartEvent));
            }
            continue;
          }
          if (top != null && !top.mapping) {
            top.index++;
          }
          if (e instanceof CollectionStartEvent) {
            stack.push(new Frame(e instanceof MappingStartEvent));
          } else if (top != null && top.mapping) {
            top.expectingKey = true;
          }
        } else if (e instanceof CollectionEndEvent && !stack.isEmpty()) {
          stack.pop();
          Frame parent = stack.peek();
          if (parent != null && parent.mapping) {
            parent.expectingKey = true;
          }
        }
      }
    } catch (YAMLException e) {
      // expected: this replays the failing parse
    }
    StringBuilder path = new StringBuilder();
    for (Iterator<Frame> it = stack.descendingIterator(); it.hasNext(); ) {
      Frame f = it.next();
      if (f.mapping && !f.expectingKey && f.key != null) {
        path.append(path.length() == 0 ? "" : ".").append(f.key);
      } else if (!f.mapping && f.index >= 0) {
        path.append('[').append(f.index).append(']');
      }
    }
    return path.toString();
  }

  /** A mapping or sequence open at the point of a parse, while replaying events. */
  private static final class Frame {
    final boolean mapping;
    boolean expectingKey = true;
    String key;
    int index = -1;

    Frame(boolean mapping) {
      this.mapping = mapping;
    }
  }

  private static String describe(MarkedYAMLException e) {
    if (e.getProblem() != null && e.getProblem().contains("(TAB)")) {
      return "tab character: indent with spaces, YAML does not allow tabs there";
    }
    StringBuilder sb = new StringBuilder();
    if (e.getContext() != null) {
      sb.append(e.getContext()).append(": ");
    }
    sb.append(e.getProblem() == null ? "syntax error" : e.getProblem());
    return visible(sb.toString());
  }

  // A raw tab in a one-line message is invisible; SnakeYAML puts it in its own text.
  private static String visible(String s) {
    return s == null ? "" : s.replace("\t", "\\t").replace('\n', ' ').trim();
  }
}
