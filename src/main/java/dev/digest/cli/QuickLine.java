package dev.digest.cli;

import java.io.PrintWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the plainest command lines of the short commands a scheduler repeats, {@code send} and
 * {@code feeds check}, without building picocli's model of the whole command: each option given as
 * its own name and, for a value, the next argument ({@code send --config feeds.yml --dry-run}).
 * Picocli's classes are compiled for Java 5, a class-file version the class-data archive cannot
 * hold, so they are loaded from the jar and verified at every start: building the command line took
 * 80-130 ms of a 0.5 s "nothing new" send.
 *
 * <p>The options are read from the command's own picocli annotations (names, types, default values,
 * its mixins), so they cannot drift from what picocli would parse. Anything else, any doubt, is
 * left to picocli, which parses and reports as always: help and version, an unknown argument or
 * option, {@code --opt=value}, a repeated option, a value that starts with {@code -}, an option or
 * field kind this class does not know.
 */
final class QuickLine {

  private QuickLine() {}

  /** The commands run here, by the arguments that name them. */
  private static final Map<List<String>, Supplier<Callable<Integer>>> COMMANDS =
      Map.of(
          List.of("send"), SendCommand::new,
          List.of("feeds", "check"), FeedsCommand.Check::new);

  /** The exit code of running {@code args} here; empty when picocli must run them. */
  static OptionalInt run(String... args) {
    Callable<Integer> command = parse(args);
    if (command == null) {
      return OptionalInt.empty();
    }
    try {
      Integer code = command.call();
      return OptionalInt.of(code == null ? Main.OK : code);
    } catch (Exception e) {
      // As picocli's execute hands it to Main's handler, on the same System.err.
      return OptionalInt.of(Main.handle(e, new PrintWriter(System.err, true)));
    }
  }

  /** The command of {@code args} with its options set; null when picocli must parse them. */
  static Callable<Integer> parse(String... args) {
    for (Map.Entry<List<String>, Supplier<Callable<Integer>>> e : COMMANDS.entrySet()) {
      List<String> name = e.getKey();
      if (args.length >= name.size() && List.of(args).subList(0, name.size()).equals(name)) {
        Callable<Integer> command = e.getValue().get();
        try {
          return bind(command, args, name.size()) ? command : null;
        } catch (ReflectiveOperationException | RuntimeException ex) {
          return null;
        }
      }
    }
    return null;
  }

  /** An option of the command or of one of its mixins: where its value goes. */
  private record Target(Object owner, Field field) {}

  private static boolean bind(Object command, String[] args, int from)
      throws ReflectiveOperationException {
    Command c = command.getClass().getAnnotation(Command.class);
    if (c == null || c.subcommands().length > 0) {
      return false;
    }
    Map<String, Target> byName = new HashMap<>();
    if (!collect(command, byName)) {
      return false;
    }
    Set<Field> given = new HashSet<>();
    for (int i = from; i < args.length; i++) {
      Target t = byName.get(args[i]);
      if (t == null || !given.add(t.field())) {
        return false; // not an option of this command (or help, version, =, ...), or repeated
      }
      Class<?> type = t.field().getType();
      if (type == boolean.class) {
        t.field().setBoolean(t.owner(), true);
        continue;
      }
      if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
        return false;
      }
      String value = args[++i];
      t.field().set(t.owner(), type == Path.class ? Path.of(value) : value);
    }
    return true;
  }

  private static final String NO_DEFAULT = noDefault();

  private static String noDefault() {
    try {
      return (String) Option.class.getMethod("defaultValue").getDefaultValue();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Adds the options of {@code owner} and of its mixins (made and set here, as picocli would), with
   * their default values applied; false when a field or option is of a kind not handled.
   */
  private static boolean collect(Object owner, Map<String, Target> byName)
      throws ReflectiveOperationException {
    List<Field> fields = new ArrayList<>();
    for (Class<?> k = owner.getClass(); k != Object.class; k = k.getSuperclass()) {
      fields.addAll(List.of(k.getDeclaredFields()));
    }
    for (Field f : fields) {
      Option o = f.getAnnotation(Option.class);
      Mixin m = f.getAnnotation(Mixin.class);
      if (o == null && m == null) {
        for (Annotation a : f.getAnnotations()) {
          if (a.annotationType().getName().startsWith("picocli.")) {
            return false; // @Parameters, @ArgGroup, @Spec, @ParentCommand, ...
          }
        }
        continue;
      }
      f.setAccessible(true);
      if (m != null) {
        if (o != null || !m.name().isEmpty()) {
          return false;
        }
        Constructor<?> made = f.getType().getDeclaredConstructor();
        made.setAccessible(true);
        Object mixin = made.newInstance();
        f.set(owner, mixin);
        if (!collect(mixin, byName)) {
          return false;
        }
        continue;
      }
      if (!plain(o, f.getType())) {
        return false;
      }
      if (!o.defaultValue().equals(NO_DEFAULT)) {
        if (o.defaultValue().contains("${")) {
          return false;
        }
        f.set(owner, f.getType() == Path.class ? Path.of(o.defaultValue()) : o.defaultValue());
      }
      for (String name : o.names()) {
        if (!name.startsWith("-") || byName.put(name, new Target(owner, f)) != null) {
          return false;
        }
      }
    }
    return true;
  }

  /** What an option may set and still be plain: names, text for help, the default value. */
  private static final Set<String> HARMLESS =
      Set.of(
          "names",
          "description",
          "descriptionKey",
          "paramLabel",
          "hideParamSyntax",
          "hidden",
          "showDefaultValue",
          "order",
          "defaultValue",
          "completionCandidates");

  /**
   * An option of one plain value (String, Path) or a flag (without a default value) whose every
   * other attribute is picocli's default: no arity, converter, split, negation, fallback value...
   */
  private static boolean plain(Option o, Class<?> type) throws ReflectiveOperationException {
    boolean flag = type == boolean.class;
    if (!flag && type != String.class && type != Path.class) {
      return false;
    }
    if (NO_DEFAULT == null
        || o.names().length == 0
        || (flag && !o.defaultValue().equals(NO_DEFAULT))) {
      return false;
    }
    for (java.lang.reflect.Method a : Option.class.getDeclaredMethods()) {
      if (a.getParameterCount() != 0 || HARMLESS.contains(a.getName())) {
        continue;
      }
      Object value = a.invoke(o);
      Object standard = a.getDefaultValue();
      if (standard == null || !java.util.Objects.deepEquals(value, standard)) {
        return false;
      }
    }
    return true;
  }
}
