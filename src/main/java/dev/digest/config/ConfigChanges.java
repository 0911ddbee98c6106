package dev.digest.config;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which keys of feeds.yml differ between two loaded configurations, and which of those a running
 * {@code digest serve} takes without a restart. Read off the settings records themselves, so a key
 * added to a section is compared without a list kept by hand.
 */
public final class ConfigChanges {

  /**
   * The keys {@code serve} applies while running: the feed list (every {@code feeds[]} key), the
   * schedule, how feeds are fetched (each run makes its reader from the current settings), and the
   * approval, cadence and reader-choice keys (each run and page reads them afresh). Everything else
   * is held by long-lived parts (the database pool, the web server, the mailer, the renderer, the
   * delivery runner) and applies after a restart.
   */
  public static final Set<String> HOT_PREFIXES =
      Set.of(
          "feeds",
          "digest.schedule",
          "digest.time-zone",
          "fetch.",
          "digest.approval",
          "digest.editors",
          "digest.approval-deadline",
          "digest.approval-deadline-action",
          "digest.cadences",
          "digest.default-cadence",
          "digest.reader-feed-choice");

  /**
   * The changed keys, as dotted paths ({@code mail.smtp.host}, {@code feeds} for any change to the
   * feed list), in the file's order of sections.
   */
  public static List<String> between(DigestConfig before, DigestConfig after) {
    List<String> out = new ArrayList<>();
    compare("digest", before.digest(), after.digest(), out);
    compare("mail", before.mail(), after.mail(), out);
    compare("database", before.database(), after.database(), out);
    compare("web", before.web(), after.web(), out);
    compare("fetch", before.fetch(), after.fetch(), out);
    compare("condense", before.condense(), after.condense(), out);
    if (!sameFeeds(before.feeds(), after.feeds())) {
      out.add("feeds");
    }
    // Without digest.cadences the one cadence is made of digest.schedule and digest.window: a
    // change to those is theirs, not a change of the cadences the file lists.
    if (derivedCadence(before.digest()) && derivedCadence(after.digest())) {
      out.remove("digest.cadences");
    }
    return out;
  }

  private static boolean derivedCadence(DigestSettings d) {
    return d.cadences().size() == 1
        && d.cadences().get(0).equals(new Cadence(Cadence.DEFAULT_NAME, d.schedule(), d.window()));
  }

  /** Whether {@code key} (one of {@link #between}'s) applies without a restart. */
  public static boolean hot(String key) {
    for (String p : HOT_PREFIXES) {
      if (key.equals(p) || (p.endsWith(".") && key.startsWith(p))) {
        return true;
      }
    }
    return false;
  }

  // The line a feed was read from is where it is, not what it is: moving a feed in the file (or
  // adding a comment above it) changes no feed.
  private static boolean sameFeeds(List<FeedSettings> a, List<FeedSettings> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      FeedSettings x = a.get(i);
      FeedSettings y = b.get(i);
      // Every key but the line, read off the record so that a key added later counts too.
      for (RecordComponent c : FeedSettings.class.getRecordComponents()) {
        if (!c.getName().equals("line") && !Objects.equals(read(c, x), read(c, y))) {
          return false;
        }
      }
    }
    return true;
  }

  private static void compare(String path, Object a, Object b, List<String> out) {
    if (Objects.equals(a, b)) {
      return;
    }
    Object x = a instanceof Optional<?> o ? o.orElse(null) : a;
    Object y = b instanceof Optional<?> o ? o.orElse(null) : b;
    if (x != null && y != null && x.getClass().isRecord() && x.getClass() == y.getClass()) {
      for (RecordComponent c : x.getClass().getRecordComponents()) {
        compare(path + "." + keyOf(c.getName()), read(c, x), read(c, y), out);
      }
      return;
    }
    out.add(fileKey(path));
  }

  private static Object read(RecordComponent c, Object record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass(), e);
    }
  }

  /** {@code ratePerSecond} is written {@code rate-per-second} in the file. */
  static String keyOf(String component) {
    StringBuilder s = new StringBuilder(component.length() + 4);
    for (char ch : component.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        s.append('-').append(Character.toLowerCase(ch));
      } else {
        s.append(ch);
      }
    }
    return s.toString();
  }

  // The few places where a settings record is not shaped like the file: the model's settings sit
  // directly under condense (present when condense.mode is llm), with shorter budget names.
  private static String fileKey(String path) {
    return switch (path) {
      case "condense.llm" -> "condense.mode";
      case "condense.llm.budget-per-run" -> "condense.budget";
      case "condense.llm.token-budget-per-run" -> "condense.token-budget";
      default -> path.startsWith("condense.llm.") ? "condense." + path.substring(13) : path;
    };
  }

  private ConfigChanges() {}
}
