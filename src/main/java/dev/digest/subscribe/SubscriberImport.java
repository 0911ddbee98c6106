package dev.digest.subscribe;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CSV import and export of subscribers. Import reads a header row with an {@code email} column
 * (other columns are ignored), reports every bad row by its line and imports the rest in one
 * batched transaction; re-importing a file adds nothing. Imported addresses are {@code active} only
 * when the operator asserts consent, else {@code pending} with a confirmation mail each.
 */
public final class SubscriberImport {

  private static final Logger log = LoggerFactory.getLogger(SubscriberImport.class);

  /** A row that was not imported, and why. */
  public record BadRow(int line, String reason) {}

  /**
   * What an import did.
   *
   * @param rows data rows read (header and blank lines not counted)
   * @param added new subscribers
   * @param existing rows whose address was already known or repeated in the file
   * @param confirmationsSent confirmation mails sent (pending imports only)
   */
  public record Report(
      int rows, int added, int existing, int confirmationsSent, List<BadRow> bad) {}

  /** The header names of {@link #export}. */
  public static final String EXPORT_HEADER =
      "email,status,created,confirmed,unsubscribed,cadence,excluded_topics,excluded_feeds";

  private final SubscriberRepository subscribers;
  private final SubscriptionService subscriptions;
  private final Set<String> cadences;
  private final Set<String> topics;
  private final Set<String> feeds;

  /** An import that takes no cadence or topic columns (any such column is refused per row). */
  public SubscriberImport(SubscriberRepository subscribers, SubscriptionService subscriptions) {
    this(subscribers, subscriptions, Set.of(), Set.of(), Set.of());
  }

  /** An import of cadence and topic columns, no feed column (any such value is refused per row). */
  public SubscriberImport(
      SubscriberRepository subscribers,
      SubscriptionService subscriptions,
      Set<String> cadences,
      Set<String> topics) {
    this(subscribers, subscriptions, cadences, topics, Set.of());
  }

  /**
   * @param cadences the cadences feeds.yml offers: a {@code cadence} column must name one (or be
   *     empty: the default)
   * @param topics the feeds' categories (as {@link TopicChoice#key}): an {@code excluded_topics}
   *     column lists some of them, separated by {@code ;}
   * @param feeds the feeds' URLs in feeds.yml: an {@code excluded_feeds} column lists some of them,
   *     separated by spaces (a URL has none, and may have a {@code ;})
   */
  public SubscriberImport(
      SubscriberRepository subscribers,
      SubscriptionService subscriptions,
      Set<String> cadences,
      Set<String> topics,
      Set<String> feeds) {
    this.subscribers = subscribers;
    this.subscriptions = subscriptions;
    this.cadences = Set.copyOf(cadences);
    this.topics = Set.copyOf(topics);
    this.feeds = Set.copyOf(feeds);
  }

  /** A row's choices: cadence ({@code ""} default), the topics and the feeds left out. */
  private record Choice(String cadence, Set<String> excluded, Set<String> excludedFeeds) {
    boolean any() {
      return !cadence.isEmpty() || !excluded.isEmpty() || !excludedFeeds.isEmpty();
    }
  }

  /**
   * Imports {@code csv}.
   *
   * @param active true when the operator asserts every address consented (no confirmation mail)
   * @throws CsvReader.CsvException when the file has no {@code email} header or cannot be read
   */
  public Report importCsv(Reader csv, boolean active) throws IOException {
    CsvReader reader = new CsvReader(csv);
    CsvReader.Record header = reader.next();
    if (header == null) {
      throw new CsvReader.CsvException(
          1, "the file is empty; it needs a header row with an 'email' column");
    }
    int column = -1;
    for (int i = 0; i < header.fields().size(); i++) {
      String name = header.fields().get(i).strip().toLowerCase(Locale.ROOT);
      if (name.equals("email") || name.equals("e-mail") || name.equals("email address")) {
        column = i;
        break;
      }
    }
    if (column < 0) {
      throw new CsvReader.CsvException(
          header.line(),
          "the header row has no 'email' column (found: "
              + String.join(",", header.fields())
              + ")");
    }
    int cadenceColumn = -1;
    int topicsColumn = -1;
    int feedsColumn = -1;
    for (int i = 0; i < header.fields().size(); i++) {
      String name = header.fields().get(i).strip().toLowerCase(Locale.ROOT);
      if (name.equals("cadence")) {
        cadenceColumn = i;
      } else if (name.equals("excluded_topics") || name.equals("excluded topics")) {
        topicsColumn = i;
      } else if (name.equals("excluded_feeds") || name.equals("excluded feeds")) {
        feedsColumn = i;
      }
    }
    Map<String, Choice> choices = new java.util.HashMap<>();
    List<BadRow> bad = new ArrayList<>();
    Map<String, String> valid = new LinkedHashMap<>();
    int rows = 0;
    int repeated = 0;
    while (true) {
      CsvReader.Record r;
      try {
        r = reader.next();
      } catch (CsvReader.CsvException e) {
        // An unclosed quote swallows the rest of the file: report it and import what came before.
        bad.add(
            new BadRow(
                e.line(), "a quoted field is not closed; the rest of the file was not read"));
        break;
      }
      if (r == null) {
        break;
      }
      if (r.fields().stream().allMatch(String::isBlank)) {
        continue; // a line of spaces or of empty fields (",,") is a blank line
      }
      rows++;
      if (column >= r.fields().size()) {
        bad.add(new BadRow(r.line(), "no value in the 'email' column"));
        continue;
      }
      try {
        EmailAddress a = EmailAddress.parse(fromSpreadsheetSafe(r.fields().get(column)));
        Choice choice;
        try {
          choice = choice(r, cadenceColumn, topicsColumn, feedsColumn);
        } catch (IllegalArgumentException e) {
          bad.add(new BadRow(r.line(), e.getMessage()));
          continue;
        }
        if (valid.putIfAbsent(a.key(), a.value()) != null) {
          repeated++;
        } else if (choice.any()) {
          choices.put(a.key(), choice);
        }
      } catch (InvalidAddressException e) {
        bad.add(
            new BadRow(r.line(), e.getMessage() + " (" + shorten(r.fields().get(column)) + ")"));
      }
    }
    SubscriberStatus status = active ? SubscriberStatus.ACTIVE : SubscriberStatus.PENDING;
    Set<String> before = new HashSet<>();
    if (!active) {
      for (Subscriber s : subscribers.list(Optional.empty())) {
        before.add(s.email().toLowerCase(Locale.ROOT));
      }
    }
    Set<String> existed = new HashSet<>();
    if (!choices.isEmpty()) {
      for (Subscriber s : subscribers.list(Optional.empty())) {
        existed.add(s.email().toLowerCase(Locale.ROOT));
      }
    }
    SubscriberRepository.ImportResult result = subscribers.addAll(valid.values(), status);
    // The file's choices for the addresses it added; a reader already here keeps their own.
    for (Map.Entry<String, Choice> c : choices.entrySet()) {
      if (existed.contains(c.getKey())) {
        continue;
      }
      Optional<Subscriber> s = subscribers.findByEmail(valid.get(c.getKey()));
      if (s.isPresent()) {
        subscribers.setCadence(s.get().id(), c.getValue().cadence());
        subscribers.setExcludedTopics(s.get().id(), c.getValue().excluded());
        subscribers.setExcludedFeeds(s.get().id(), c.getValue().excludedFeeds());
      }
    }
    int sent = 0;
    if (!active && result.added() > 0) {
      for (Subscriber s : subscribers.list(Optional.of(SubscriberStatus.PENDING))) {
        String key = s.email().toLowerCase(Locale.ROOT);
        if (valid.containsKey(key) && !before.contains(key)) {
          if (subscriptions.sendConfirmation(s.id(), s.email())) {
            sent++;
          }
        }
      }
    }
    log.info(
        "subscribers imported rows={} added={} existing={} bad={} status={} confirmations={}",
        rows,
        result.added(),
        result.existing() + repeated,
        bad.size(),
        status.label(),
        sent);
    return new Report(rows, result.added(), rows - bad.size() - result.added(), sent, bad);
  }

  private Choice choice(CsvReader.Record r, int cadenceColumn, int topicsColumn, int feedsColumn) {
    String cadence =
        cadenceColumn >= 0 && cadenceColumn < r.fields().size()
            ? r.fields().get(cadenceColumn).strip().toLowerCase(Locale.ROOT)
            : "";
    if (!cadence.isEmpty() && !cadences.contains(cadence)) {
      throw new IllegalArgumentException(
          "unknown cadence '"
              + cadence
              + "' (feeds.yml offers "
              + String.join(", ", new java.util.TreeSet<>(cadences))
              + ")");
    }
    Set<String> excluded = new java.util.TreeSet<>();
    if (topicsColumn >= 0 && topicsColumn < r.fields().size()) {
      for (String t : r.fields().get(topicsColumn).split(";")) {
        String key = TopicChoice.key(t);
        if (key.isEmpty()) {
          continue;
        }
        if (!topics.contains(key)) {
          throw new IllegalArgumentException(
              "unknown topic '"
                  + t.strip()
                  + "' (the feeds' categories are "
                  + (topics.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(topics)))
                  + ")");
        }
        excluded.add(key);
      }
    }
    Set<String> excludedFeeds = new java.util.TreeSet<>();
    if (feedsColumn >= 0 && feedsColumn < r.fields().size()) {
      for (String url : fromSpreadsheetSafe(r.fields().get(feedsColumn)).strip().split("\\s+")) {
        if (url.isEmpty()) {
          continue;
        }
        if (!feeds.contains(url)) {
          throw new IllegalArgumentException(
              "unknown feed '" + shorten(url) + "' (not a feed URL in feeds.yml)");
        }
        excludedFeeds.add(url);
      }
    }
    return new Choice(cadence, excluded, excludedFeeds);
  }

  /** Writes every subscriber as CSV (RFC 4180, CRLF line ends), header first. */
  public static void export(List<Subscriber> list, Writer out) throws IOException {
    out.write(EXPORT_HEADER);
    out.write("\r\n");
    for (Subscriber s : list) {
      out.write(field(spreadsheetSafe(s.email())));
      out.write(',');
      out.write(s.status().label());
      out.write(',');
      out.write(s.createdAt().toString());
      out.write(',');
      out.write(s.confirmedAt().map(Instant::toString).orElse(""));
      out.write(',');
      out.write(s.unsubscribedAt().map(Instant::toString).orElse(""));
      out.write(',');
      out.write(s.cadence());
      out.write(',');
      out.write(
          field(spreadsheetSafe(String.join(";", new java.util.TreeSet<>(s.excludedTopics())))));
      out.write(',');
      out.write(
          field(spreadsheetSafe(String.join(" ", new java.util.TreeSet<>(s.excludedFeeds())))));
      out.write("\r\n");
    }
    out.flush();
  }

  /**
   * A spreadsheet opening the export runs a cell that starts with {@code = + - @}, tab or CR as a
   * formula, and {@code =cmd|...@example.com} is a valid address a stranger can subscribe with
   * (OWASP "CSV injection"). Such a cell gets a leading apostrophe, which spreadsheets show as
   * text; {@link #fromSpreadsheetSafe} removes it on import, so an export imports back unchanged. A
   * value that already starts with an apostrophe before such a character gets one more, for the
   * same round trip.
   */
  static String spreadsheetSafe(String s) {
    return startsFormula(s, 0) || (s.startsWith("'") && startsFormula(s, 1)) ? "'" + s : s;
  }

  /** Undoes {@link #spreadsheetSafe}: one leading apostrophe before a formula character goes. */
  static String fromSpreadsheetSafe(String s) {
    String t = s.strip();
    return t.startsWith("'")
            && (startsFormula(t, 1) || (t.startsWith("'", 1) && startsFormula(t, 2)))
        ? t.substring(1)
        : s;
  }

  private static boolean startsFormula(String s, int at) {
    return s.length() > at && "=+-@\t\r".indexOf(s.charAt(at)) >= 0;
  }

  /** Quotes a field when it holds a comma, quote or line break (RFC 4180 section 2.6, 2.7). */
  static String field(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  private static String shorten(String s) {
    String oneLine = s.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine;
  }
}
