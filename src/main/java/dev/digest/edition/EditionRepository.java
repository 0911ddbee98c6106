package dev.digest.edition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digest.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code edition} and {@code edition_item} tables. Bullet lists are stored as JSON arrays.
 * Thread-safe.
 */
public final class EditionRepository {

  /**
   * Made at the first bullet list read or written, not with the repository: a "nothing new" send
   * opens this repository but reads no list, and making a mapper cost it ~30 ms of class loading.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  }

  private static final String COLUMNS =
      "id, digest, number, subject, window_start, window_end, created_at, html, text_body, status,"
          + " note, approve_by, cadence";

  /** Editions a reader may see (archive, Atom, welcome): a draft is the editor's only. */
  private static final String PUBLISHED = " AND status <> '" + StoredEdition.DRAFT + "'";

  private final Database db;

  public EditionRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Inserts an edition with its items and bodies, status {@code sending}; returns its id. */
  public long insert(Connection c, Edition edition, String subject, String html, String text)
      throws SQLException {
    return insert(c, edition, subject, html, text, StoredEdition.SENDING, null);
  }

  /**
   * Inserts an edition with its items and bodies in {@code status} ({@code sending}, or {@code
   * draft} with the deadline {@code approveBy}, may be null); returns its id.
   */
  public long insert(
      Connection c,
      Edition edition,
      String subject,
      String html,
      String text,
      String status,
      Instant approveBy)
      throws SQLException {
    long id;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO edition (digest, number, subject, window_start, window_end, created_at,"
                + " html, text_body, item_count, status, note, approve_by, cadence)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, edition.digestId());
      ps.setInt(2, edition.number());
      ps.setString(3, subject);
      ps.setObject(4, time(edition.windowStart()));
      ps.setObject(5, time(edition.windowEnd()));
      ps.setObject(6, time(edition.builtAt()));
      ps.setString(7, html);
      ps.setString(8, text);
      ps.setInt(9, edition.items().size());
      ps.setString(10, status);
      ps.setString(11, edition.note());
      ps.setObject(12, approveBy == null ? null : time(approveBy));
      ps.setString(13, edition.cadence());
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
    }
    insertItems(c, id, edition.items());
    return id;
  }

  private static void insertItems(Connection c, long id, List<EditionItem> editionItems)
      throws SQLException {
    if (!editionItems.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO edition_item (edition_id, position, item_key, title, link, source,"
                  + " category, author, published, reading_minutes, quick_summary, takeaways,"
                  + " method, also_in, image_url, editor_comment, image_width, image_height,"
                  + " feed_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (EditionItem item : editionItems) {
          ps.setLong(1, id);
          ps.setInt(2, item.position());
          ps.setString(3, item.key());
          ps.setString(4, item.title());
          ps.setString(5, item.link());
          ps.setString(6, nonNull(item.source()));
          ps.setString(7, nonNull(item.category()));
          ps.setString(8, nonNull(item.author()));
          ps.setObject(9, item.published() == null ? null : time(item.published()));
          ps.setInt(10, item.readingMinutes());
          ps.setString(11, json(item.quickSummary()));
          ps.setString(12, json(item.takeaways()));
          ps.setString(13, nonNull(item.method()));
          ps.setString(14, json(item.alsoIn()));
          ps.setString(15, item.imageUrl());
          ps.setString(16, item.comment());
          ps.setInt(17, item.imageWidth());
          ps.setInt(18, item.imageHeight());
          ps.setString(19, item.feedUrl());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  /**
   * An edition's body for readers who left topics out ({@code edition_variant}).
   *
   * @param excluded the topic choice it is for (as stored on the subscriber)
   * @param excludedFeeds the feed choice it is for ({@code ""}: none, or feed choice off)
   * @param items how many of the edition's items it kept
   */
  public record Variant(
      int variant,
      String excluded,
      String excludedFeeds,
      String subject,
      String html,
      String text,
      int items) {}

  public void insertVariant(Connection c, long editionId, Variant v) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO edition_variant (edition_id, variant, excluded, subject, html, text_body,"
                + " item_count, excluded_feeds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, editionId);
      ps.setInt(2, v.variant());
      ps.setString(3, v.excluded());
      ps.setString(4, v.subject());
      ps.setString(5, v.html());
      ps.setString(6, v.text());
      ps.setInt(7, v.items());
      ps.setString(8, v.excludedFeeds());
      ps.executeUpdate();
    }
  }

  /** Variant {@code variant} of edition {@code editionId}, if it was made. */
  public Optional<Variant> variant(long editionId, int variant) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT excluded, subject, html, text_body, item_count, excluded_feeds"
                      + " FROM edition_variant"
                      + " WHERE edition_id = ? AND variant = ?")) {
            ps.setLong(1, editionId);
            ps.setInt(2, variant);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(
                      new Variant(
                          variant,
                          rs.getString(1),
                          rs.getString(6),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getString(4),
                          rs.getInt(5)))
                  : Optional.<Variant>empty();
            }
          }
        });
  }

  /**
   * The digest's oldest draft waiting for approval, if any (one per cadence at most; the editor
   * works through them in order).
   */
  public Optional<StoredEdition> draft(String digestId) {
    return draft(digestId, null);
  }

  /** The draft of {@code cadence} ({@code null}: of any cadence) waiting for approval, if any. */
  public Optional<StoredEdition> draft(String digestId, String cadence) {
    return db.withConnection(
        c ->
            one(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM edition WHERE digest = ? AND status = ?"
                    + (cadence == null ? "" : " AND cadence = ?")
                    + " ORDER BY number FETCH FIRST 1 ROWS ONLY",
                ps -> {
                  ps.setString(1, digestId);
                  ps.setString(2, StoredEdition.DRAFT);
                  if (cadence != null) {
                    ps.setString(3, cadence);
                  }
                }));
  }

  /**
   * The draft {@code id} read on {@code c} after taking its row lock, so two editors' changes (on
   * one node or two) apply one after the other; empty when it is no longer a draft.
   */
  public Optional<StoredEdition> lockDraft(Connection c, long id) throws SQLException {
    if (!lockIfDraft(c, id)) {
      return Optional.empty();
    }
    return one(c, "SELECT " + COLUMNS + " FROM edition WHERE id = ?", ps -> ps.setLong(1, id));
  }

  /**
   * Takes the row lock of edition {@code id} when it is a draft; false when it is not (any more).
   */
  private static boolean lockIfDraft(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE edition SET status = status WHERE id = ? AND status = ?")) {
      ps.setLong(1, id);
      ps.setString(2, StoredEdition.DRAFT);
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Replaces a locked draft's items, note and bodies (see {@link #lockDraft}); its number, window
   * and deadline stay.
   */
  public void replaceDraft(
      Connection c, long id, Edition edition, String subject, String html, String text)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE edition SET subject = ?, html = ?, text_body = ?, item_count = ?, note = ?"
                + " WHERE id = ? AND status = ?")) {
      ps.setString(1, subject);
      ps.setString(2, html);
      ps.setString(3, text);
      ps.setInt(4, edition.items().size());
      ps.setString(5, edition.note());
      ps.setLong(6, id);
      ps.setString(7, StoredEdition.DRAFT);
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("edition " + id + " is no longer a draft");
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM edition_item WHERE edition_id = ?")) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
    insertItems(c, id, edition.items());
  }

  /**
   * Turns the draft into an edition being sent; {@code false} when it is not a draft any more
   * (approved or discarded a moment ago, perhaps on another node): exactly one approval wins.
   */
  public boolean approve(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE edition SET status = ?, approve_by = NULL" + " WHERE id = ? AND status = ?")) {
      ps.setString(1, StoredEdition.SENDING);
      ps.setLong(2, id);
      ps.setString(3, StoredEdition.DRAFT);
      return ps.executeUpdate() == 1;
    }
  }

  /** Deletes the draft and its items; {@code false} when it is not a draft (any more). */
  public boolean deleteDraft(Connection c, long id) throws SQLException {
    if (!lockIfDraft(c, id)) {
      return false;
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM edition_item WHERE edition_id = ?")) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM edition WHERE id = ?")) {
      ps.setLong(1, id);
      return ps.executeUpdate() == 1;
    }
  }

  public Optional<StoredEdition> find(long id) {
    return db.withConnection(
        c -> one(c, "SELECT " + COLUMNS + " FROM edition WHERE id = ?", ps -> ps.setLong(1, id)));
  }

  /** Edition {@code number} of the digest, if it exists (the archive's page of one edition). */
  public Optional<StoredEdition> find(String digestId, int number) {
    return db.withConnection(
        c ->
            one(
                c,
                "SELECT " + COLUMNS + " FROM edition WHERE digest = ? AND number = ?" + PUBLISHED,
                ps -> {
                  ps.setString(1, digestId);
                  ps.setInt(2, number);
                }));
  }

  /** Number and window end of an edition: all the next build needs to know of the last one. */
  public record Last(int number, Instant windowEnd) {}

  /**
   * The newest edition of {@code cadence}: its number and window end, where the next edition of the
   * cadence starts; {@link #lastNumber} numbers it.
   */
  public Optional<Last> last(String digestId, String cadence) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT number, window_end FROM edition WHERE digest = ? AND cadence = ?"
                      + " ORDER BY number DESC FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, digestId);
            ps.setString(2, cadence);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(new Last(rs.getInt(1), instant(rs, "window_end")))
                  : Optional.<Last>empty();
            }
          }
        });
  }

  /**
   * The highest edition number of the digest over every cadence (0 for none): editions are numbered
   * in one sequence, so {@code /archive/N} names one edition.
   */
  public int lastNumber(String digestId) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT MAX(number) FROM edition WHERE digest = ?")) {
            ps.setString(1, digestId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getInt(1) : 0;
            }
          }
        });
  }

  /** The newest edition's number and window end, without its bodies and items. */
  public Optional<Last> last(String digestId) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT number, window_end FROM edition WHERE digest = ?"
                      + " ORDER BY number DESC FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, digestId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(new Last(rs.getInt(1), instant(rs, "window_end")))
                  : Optional.<Last>empty();
            }
          }
        });
  }

  /** The newest edition of the digest, if any. */
  public Optional<StoredEdition> latest(String digestId) {
    return db.withConnection(
        c ->
            one(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM edition WHERE digest = ?"
                    + PUBLISHED
                    + " ORDER BY number DESC FETCH FIRST 1 ROWS ONLY",
                ps -> ps.setString(1, digestId)));
  }

  /** The newest published edition of {@code cadence}, if any (a reader's welcome mail). */
  public Optional<StoredEdition> latest(String digestId, String cadence) {
    return db.withConnection(
        c ->
            one(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM edition WHERE digest = ? AND cadence = ?"
                    + PUBLISHED
                    + " ORDER BY number DESC FETCH FIRST 1 ROWS ONLY",
                ps -> {
                  ps.setString(1, digestId);
                  ps.setString(2, cadence);
                }));
  }

  /** Editions still {@code sending}, oldest first. */
  public List<StoredEdition> unfinished(String digestId) {
    return db.withConnection(
        c ->
            many(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM edition WHERE digest = ? AND status = ? ORDER BY number",
                ps -> {
                  ps.setString(1, digestId);
                  ps.setString(2, StoredEdition.SENDING);
                }));
  }

  /** All editions of the digest but a draft, newest first. */
  public List<StoredEdition> list(String digestId) {
    return db.withConnection(
        c ->
            many(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM edition WHERE digest = ?"
                    + PUBLISHED
                    + " ORDER BY number DESC",
                ps -> ps.setString(1, digestId)));
  }

  public void markSent(long id) {
    db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE edition SET status = ? WHERE id = ?")) {
            ps.setString(1, StoredEdition.SENT);
            ps.setLong(2, id);
            return ps.executeUpdate();
          }
        });
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private Optional<StoredEdition> one(Connection c, String sql, Binder binder) throws SQLException {
    List<StoredEdition> all = many(c, sql, binder);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  private List<StoredEdition> many(Connection c, String sql, Binder binder) throws SQLException {
    record Row(
        long id,
        String digest,
        int number,
        String subject,
        Instant start,
        Instant end,
        Instant created,
        String html,
        String text,
        String status,
        String note,
        Instant approveBy,
        String cadence) {}
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getLong("id"),
                  rs.getString("digest"),
                  rs.getInt("number"),
                  rs.getString("subject"),
                  instant(rs, "window_start"),
                  instant(rs, "window_end"),
                  instant(rs, "created_at"),
                  rs.getString("html"),
                  rs.getString("text_body"),
                  rs.getString("status"),
                  rs.getString("note"),
                  instant(rs, "approve_by"),
                  rs.getString("cadence")));
        }
      }
    }
    // The items of all these editions in one query per chunk, not one query per edition.
    Map<Long, List<EditionItem>> items = items(c, rows.stream().map(Row::id).toList());
    List<StoredEdition> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      // The digest's title is not stored per edition; the subject stands in for it.
      Edition edition =
          new Edition(
              r.digest(),
              r.number(),
              r.subject(),
              r.start(),
              r.end(),
              r.created(),
              items.getOrDefault(r.id(), List.of()),
              r.note(),
              r.cadence());
      out.add(
          new StoredEdition(
              r.id(), edition, r.subject(), r.html(), r.text(), r.status(), r.approveBy()));
    }
    return out;
  }

  /** Bound parameters per IN list: far below every driver's limit, and few chunks in practice. */
  private static final int IN_CHUNK = 500;

  private static Map<Long, List<EditionItem>> items(Connection c, List<Long> editionIds)
      throws SQLException {
    Map<Long, List<EditionItem>> items = new HashMap<>();
    for (int from = 0; from < editionIds.size(); from += IN_CHUNK) {
      List<Long> chunk = editionIds.subList(from, Math.min(editionIds.size(), from + IN_CHUNK));
      String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT edition_id, position, item_key, title, link, source, category, author,"
                  + " published, reading_minutes, quick_summary, takeaways, method, also_in,"
                  + " image_url, editor_comment, image_width, image_height, feed_url FROM edition_item"
                  + " WHERE edition_id IN ("
                  + marks
                  + ")"
                  + " ORDER BY edition_id, position")) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setLong(i + 1, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            items
                .computeIfAbsent(rs.getLong("edition_id"), k -> new ArrayList<>())
                .add(
                    new EditionItem(
                        rs.getString("item_key"),
                        rs.getInt("position"),
                        rs.getString("title"),
                        rs.getString("link"),
                        rs.getString("source"),
                        rs.getString("category"),
                        rs.getString("author"),
                        instant(rs, "published"),
                        rs.getInt("reading_minutes"),
                        strings(rs.getString("quick_summary")),
                        strings(rs.getString("takeaways")),
                        rs.getString("method"),
                        strings(rs.getString("also_in")),
                        rs.getString("image_url"),
                        rs.getString("editor_comment"),
                        rs.getInt("image_width"),
                        rs.getInt("image_height"),
                        rs.getString("feed_url")));
          }
        }
      }
    }
    return items;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static String json(List<String> values) {
    try {
      return Json.MAPPER.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a list of strings as JSON", e);
    }
  }

  private static List<String> strings(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      return Json.MAPPER.readValue(json, Json.STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("edition_item holds a malformed JSON list: " + json, e);
    }
  }
}
