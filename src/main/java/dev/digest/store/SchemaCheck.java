package dev.digest.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Tells, cheaply, whether a database already has exactly the migrations this build carries: every
 * bundled versioned migration applied successfully with the same checksum, and nothing else. Then
 * Flyway (about half a second of class loading and scanning at every start of a short command) has
 * nothing to do and is not started. Any doubt (no history table, a failed or pending migration, a
 * changed file, an unknown row, any error) answers false, and Flyway runs as before, with its
 * validation and its messages.
 *
 * <p>The checksum is Flyway's: CRC-32 over the UTF-8 bytes of each line without its line
 * terminator, a leading byte order mark dropped. SchemaCheckTest compares it with what Flyway
 * stores, so a Flyway that changes it fails a test instead of skipping a migration.
 */
final class SchemaCheck {

  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__.+\\.sql");

  private SchemaCheck() {}

  /** True when the schema is current; false to let Flyway decide. Never throws. */
  static boolean current(DataSource ds, List<String> locations) {
    try {
      Map<String, Integer> bundled = bundled(locations);
      if (bundled.isEmpty()) {
        return false;
      }
      try (Connection c = ds.getConnection()) {
        return bundled.equals(applied(c));
      }
    } catch (SQLException | IOException | RuntimeException e) {
      return false;
    }
  }

  /** Applied versioned migrations (version -> checksum); null when anything is not plain. */
  private static Map<String, Integer> applied(Connection c) throws SQLException {
    // Asked first, not found by a failing query: H2 writes every failed statement to a
    // digest.trace.db file next to the database, which a new database then always had.
    try (ResultSet t = c.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
      if (!t.next()) {
        return null;
      }
    }
    Map<String, Integer> applied = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT \"version\", \"checksum\", \"success\", \"type\""
                    + " FROM \"flyway_schema_history\"")) {
      while (rs.next()) {
        String version = rs.getString(1);
        int checksum = rs.getInt(2);
        boolean noChecksum = rs.wasNull();
        boolean success = rs.getBoolean(3);
        String type = rs.getString(4);
        if (("TABLE".equals(type) || "SCHEMA".equals(type)) && version == null && success) {
          continue; // the row saying the history table (or schema) was created
        }
        if (!"SQL".equals(type) || !success || version == null || noChecksum) {
          return null;
        }
        if (applied.put(normalize(version), checksum) != null) {
          return null;
        }
      }
    }
    return applied;
  }

  /** The list of every bundled migration file (see the file's own comment). */
  static final String INDEX = "db/migration/index.txt";

  /**
   * The versioned migrations under the classpath {@code locations}, as {@link #INDEX} lists them:
   * version -> checksum. A missing index or a listed file that is missing throws, so the caller
   * lets Flyway decide.
   */
  static Map<String, Integer> bundled(List<String> locations) throws IOException {
    Map<String, Integer> out = new HashMap<>();
    ClassLoader loader = SchemaCheck.class.getClassLoader();
    for (String path : indexed(loader)) {
      String location = "db/migration/" + path.substring(0, Math.max(0, path.lastIndexOf('/')));
      String name = path.substring(path.lastIndexOf('/') + 1);
      Matcher m = VERSIONED.matcher(name);
      if (!locations.contains(location) || !m.matches()) {
        continue;
      }
      try (InputStream in = loader.getResourceAsStream(location + "/" + name)) {
        if (in == null || out.put(normalize(m.group(1)), checksum(in)) != null) {
          throw new IOException("unreadable or duplicate migration " + path);
        }
      }
    }
    return out;
  }

  /** The paths {@link #INDEX} lists (relative to db/migration), comments and blanks left out. */
  static List<String> indexed(ClassLoader loader) throws IOException {
    try (InputStream in = loader.getResourceAsStream(INDEX)) {
      if (in == null) {
        throw new IOException("no " + INDEX + " on the class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return r.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
  }

  /** Flyway's migration checksum (see the class comment). */
  static int checksum(InputStream in) throws IOException {
    CRC32 crc = new CRC32();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    boolean first = true;
    while ((line = r.readLine()) != null) {
      if (first && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      first = false;
      crc.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return (int) crc.getValue();
  }

  /** "1", "1.0" and "1_0" name the same version for Flyway; compare them as such. */
  private static String normalize(String version) {
    String v = version.replace('_', '.');
    while (v.endsWith(".0")) {
      v = v.substring(0, v.length() - 2);
    }
    return v;
  }
}
