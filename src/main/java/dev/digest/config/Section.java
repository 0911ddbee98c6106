package dev.digest.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One mapping of feeds.yml (a section or a feed entry) with its dotted path: reads typed values and
 * turns every problem into a {@link ConfigException} that names line and key. Unknown and duplicate
 * keys are rejected when the section is opened.
 *
 * <p>A key that is absent, null ({@code key:} or {@code ~}) or blank after interpolation takes its
 * default, so {@code "${SMTP_HOST:-}"} means "not set".
 */
final class Section {

  /** What every section of one file shares. */
  record Source(
      Path file, Path baseDir, Interpolator interpolator, Map<String, List<String>> homes) {

    /**
     * @param homes for each valid key, the sections it belongs to, so a key written in the wrong
     *     section gets a pointer to the right one
     */
    Source {
      homes = Map.copyOf(homes);
    }
  }

  /** One interpolated, non-blank scalar value and where it was written. */
  record Value(String key, int line, String text) {}

  private final Source source;
  private final String path;
  private final int line;
  private final Map<String, NodeTuple> entries;

  private Section(Source source, String path, int line, Map<String, NodeTuple> entries) {
    this.source = source;
    this.path = path;
    this.line = line;
    this.entries = entries;
  }

  /** The top level of the file; {@code root} is empty for an empty file. */
  static Section root(Source source, Optional<Node> root, List<String> keys)
      throws ConfigException {
    if (root.isEmpty()) {
      return new Section(source, "", 0, Map.of());
    }
    Node node = root.get();
    if (!(node instanceof MappingNode)) {
      throw new ConfigException(
          source.file(),
          line(node),
          "",
          "expected sections ("
              + String.join(", ", keys)
              + ") at the top level, got "
              + describe(node));
    }
    return open(source, "", (MappingNode) node, keys);
  }

  private static Section open(Source source, String path, MappingNode node, List<String> keys)
      throws ConfigException {
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode)) {
        throw new ConfigException(
            source.file(),
            line(keyNode),
            path,
            "a key must be a plain word, got " + describe(keyNode));
      }
      String key = ((ScalarNode) keyNode).getValue();
      String keyPath = join(path, key);
      if (!keys.contains(key)) {
        String hint = unknownKeyHint(key, keys, source.homes().getOrDefault(key, List.of()));
        throw new ConfigException(source.file(), line(keyNode), keyPath, "unknown key" + hint);
      }
      NodeTuple first = entries.putIfAbsent(key, tuple);
      if (first != null) {
        throw new ConfigException(
            source.file(),
            line(keyNode),
            keyPath,
            "duplicate key (first given at line " + line(first.getKeyNode()) + ")");
      }
    }
    return new Section(source, path, line(node), entries);
  }

  /** The nested mapping {@code key}; an empty section (all defaults) when absent or null. */
  Section section(String key, List<String> keys) throws ConfigException {
    Optional<Node> node = node(key);
    if (node.isEmpty()) {
      return new Section(source, join(path, key), line, Map.of());
    }
    if (!(node.get() instanceof MappingNode)) {
      throw error(
          node.get(),
          key,
          "expected a mapping of keys ("
              + String.join(", ", keys)
              + "), got "
              + describe(node.get()));
    }
    return open(source, join(path, key), (MappingNode) node.get(), keys);
  }

  /** The list of mappings {@code key}, each opened as a section {@code key[i]}. */
  List<Section> sections(String key, List<String> keys) throws ConfigException {
    Optional<Node> node = node(key);
    if (node.isEmpty()) {
      return List.of();
    }
    if (!(node.get() instanceof SequenceNode)) {
      throw error(node.get(), key, "expected a list, got " + describe(node.get()));
    }
    List<Section> sections = new ArrayList<>();
    List<Node> items = ((SequenceNode) node.get()).getValue();
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String itemPath = join(path, key) + "[" + i + "]";
      if (!(item instanceof MappingNode)) {
        throw new ConfigException(
            source.file(),
            line(item),
            itemPath,
            "expected a mapping such as { " + keys.get(0) + ": ... }, got " + describe(item));
      }
      sections.add(open(source, itemPath, (MappingNode) item, keys));
    }
    return sections;
  }

  /**
   * The list {@code key}, each item read by {@code parser}; an item it refuses (with an
   * IllegalArgumentException) is reported at the item's own line. Empty when absent.
   */
  <T> List<T> list(String key, java.util.function.Function<String, T> parser)
      throws ConfigException {
    Optional<Node> node = node(key);
    if (node.isEmpty()) {
      return List.of();
    }
    if (!(node.get() instanceof SequenceNode)) {
      throw error(node.get(), key, "expected a list, got " + describe(node.get()));
    }
    List<T> values = new ArrayList<>();
    List<Node> items = ((SequenceNode) node.get()).getValue();
    for (int i = 0; i < items.size(); i++) {
      String itemKey = key + "[" + i + "]";
      Optional<Value> v = scalar(itemKey, items.get(i));
      if (v.isEmpty()) {
        throw error(items.get(i), itemKey, "must not be empty");
      }
      try {
        values.add(parser.apply(v.get().text().trim()));
      } catch (IllegalArgumentException e) {
        throw error(items.get(i), itemKey, e.getMessage());
      }
    }
    return List.copyOf(values);
  }

  /** The list of non-blank strings {@code key}; empty when absent. */
  List<String> strings(String key) throws ConfigException {
    return list(key, java.util.function.Function.identity());
  }

  /** The scalar value of {@code key}, interpolated; empty when absent, null or blank. */
  Optional<Value> value(String key) throws ConfigException {
    Optional<Node> node = node(key);
    return node.isEmpty() ? Optional.empty() : scalar(key, node.get());
  }

  private Optional<Value> scalar(String key, Node node) throws ConfigException {
    if (!(node instanceof ScalarNode)) {
      throw error(node, key, "expected a single value, got " + describe(node));
    }
    if (Tag.NULL.equals(node.getTag())) {
      return Optional.empty();
    }
    String text;
    try {
      text = source.interpolator().interpolate(((ScalarNode) node).getValue());
    } catch (Interpolator.InterpolationException e) {
      throw error(node, key, e.getMessage());
    }
    return text.isBlank() ? Optional.empty() : Optional.of(new Value(key, line(node), text));
  }

  String string(String key, String defaultValue) throws ConfigException {
    return value(key).map(v -> v.text().trim()).orElse(defaultValue);
  }

  /** A required value: an error at this section's line when missing. */
  Value required(String key) throws ConfigException {
    Optional<Value> v = value(key);
    if (v.isEmpty()) {
      NodeTuple t = entries.get(key);
      int at = t == null ? line : line(t.getKeyNode());
      throw new ConfigException(source.file(), at, join(path, key), "is required");
    }
    return v.get();
  }

  int integer(String key, int defaultValue, int min, int max) throws ConfigException {
    Optional<Value> v = value(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    String text = v.get().text().trim().replace("_", "");
    long n;
    try {
      n = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw invalid(v.get(), "expected a whole number, got '" + v.get().text() + "'");
    }
    if (n < min || n > max) {
      throw invalid(v.get(), range(min, max, n) + ", got " + n);
    }
    return (int) n;
  }

  double decimal(String key, double defaultValue, double min) throws ConfigException {
    Optional<Value> v = value(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    double d;
    try {
      d = Double.parseDouble(v.get().text().trim());
    } catch (NumberFormatException e) {
      throw invalid(v.get(), "expected a number, got '" + v.get().text() + "'");
    }
    if (!Double.isFinite(d) || d < min) {
      throw invalid(
          v.get(), "must be a number of at least " + fmt(min) + ", got " + v.get().text());
    }
    return d;
  }

  boolean bool(String key, boolean defaultValue) throws ConfigException {
    Optional<Value> v = value(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    switch (v.get().text().trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "on":
        return true;
      case "false":
      case "no":
      case "off":
        return false;
      default:
        throw invalid(v.get(), "expected true or false, got '" + v.get().text() + "'");
    }
  }

  Duration duration(String key, Duration defaultValue) throws ConfigException {
    return optionalDuration(key).orElse(defaultValue);
  }

  /** A strictly positive duration, or empty when absent. */
  Optional<Duration> optionalDuration(String key) throws ConfigException {
    Optional<Value> v = value(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Duration d =
        DurationParser.parse(v.get().text())
            .orElseThrow(
                () ->
                    invalid(
                        v.get(),
                        "expected a duration such as 30s, 10m, 2h, 7d or ISO-8601 PT30S, P7D, got '"
                            + v.get().text()
                            + "'"));
    if (d.isNegative() || d.isZero()) {
      throw invalid(v.get(), "must be a positive duration, got '" + v.get().text() + "'");
    }
    return Optional.of(d);
  }

  /** A strictly positive number of bytes. */
  long size(String key, long defaultValue) throws ConfigException {
    Optional<Value> v = value(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    OptionalLong n = ByteSizeParser.parse(v.get().text());
    if (n.isEmpty()) {
      throw invalid(
          v.get(),
          "expected a size such as 10MB, 512KB or a number of bytes, got '" + v.get().text() + "'");
    }
    if (n.getAsLong() <= 0) {
      throw invalid(v.get(), "must be a positive size, got '" + v.get().text() + "'");
    }
    return n.getAsLong();
  }

  /** One of {@code allowed} (case-insensitive), returned in lower case. */
  String choice(String key, List<String> allowed, String defaultValue) throws ConfigException {
    Optional<Value> v = value(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    String s = v.get().text().trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(s)) {
      throw invalid(
          v.get(),
          "expected one of "
              + String.join(", ", allowed)
              + ", got '"
              + v.get().text()
              + "'"
              + Suggestions.didYouMean(s, allowed));
    }
    return s;
  }

  /** A file system path, resolved against the config file's folder. */
  Path path(String key, String defaultValue) throws ConfigException {
    Optional<Value> v = value(key);
    String s = v.map(x -> x.text().trim()).orElse(defaultValue);
    try {
      return source.baseDir().resolve(s).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw invalid(v.orElseThrow(), "not a valid path: " + e.getReason());
    }
  }

  /** An error about {@code v}, at its line and under its dotted key. */
  ConfigException invalid(Value v, String problem) {
    return new ConfigException(source.file(), v.line(), join(path, v.key()), problem);
  }

  /** An error about this section as a whole, at its line. */
  ConfigException error(String key, String problem) {
    return new ConfigException(source.file(), line, join(path, key), problem);
  }

  private ConfigException error(Node node, String key, String problem) {
    return new ConfigException(source.file(), line(node), join(path, key), problem);
  }

  /** Dotted path of {@code key} in this section, e.g. {@code feeds[2].url}. */
  String keyPath(String key) {
    return join(path, key);
  }

  /** Dotted path of this section, e.g. {@code mail.smtp} or {@code feeds[2]}. */
  String path() {
    return path;
  }

  /** Line of this section's mapping (of its parent when the section is absent). */
  int line() {
    return line;
  }

  /** Line of the value of {@code key}, or of this section when it is absent. */
  int lineOf(String key) {
    return node(key).map(Section::line).orElse(line);
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  Source source() {
    return source;
  }

  private Optional<Node> node(String key) {
    NodeTuple t = entries.get(key);
    if (t == null) {
      return Optional.empty();
    }
    Node value = t.getValueNode();
    if (value instanceof ScalarNode && Tag.NULL.equals(value.getTag())) {
      return Optional.empty();
    }
    return Optional.of(value);
  }

  private static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : key.startsWith("[") ? path + key : path + "." + key;
  }

  private static String unknownKeyHint(String key, List<String> keys, List<String> homes) {
    Optional<String> near = Suggestions.nearest(key, keys);
    if (near.isEmpty() && homes.isEmpty()) {
      return " (valid keys: " + String.join(", ", keys) + ")";
    }
    StringBuilder hint = new StringBuilder(" (");
    near.ifPresent(n -> hint.append("did you mean '").append(n).append("'?"));
    if (!homes.isEmpty()) {
      String where =
          homes.size() == 1
              ? homes.get(0)
              : String.join(", ", homes.subList(0, homes.size() - 1))
                  + " or "
                  + homes.get(homes.size() - 1);
      hint.append(near.isPresent() ? " " : "").append(key).append(" belongs under ").append(where);
    }
    return hint.append(')').toString();
  }

  private static String range(int min, int max, long n) {
    if (max == Integer.MAX_VALUE) {
      return n < min ? "must be at least " + min : "must be at most " + max;
    }
    return "must be between " + min + " and " + max;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (node instanceof ScalarNode) {
      return "'" + ((ScalarNode) node).getValue() + "'";
    }
    return "a " + node.getNodeId();
  }
}
