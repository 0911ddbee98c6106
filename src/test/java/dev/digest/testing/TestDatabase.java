package dev.digest.testing;

import dev.digest.config.DatabaseSettings;
import dev.digest.store.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of one test's own: H2 in memory, or a fresh schema on the local PostgreSQL, dropped on
 * {@link #close}. {@link #postgresql} skips the calling test, with a message, when PostgreSQL is
 * not there. The same test on both: {@code @ParameterizedTest @EnumSource(TestDatabase.Kind.class)}
 * and {@code try (TestDatabase t = TestDatabase.of(kind); Database db = t.open()) { ... }}.
 */
public final class TestDatabase implements AutoCloseable {

  /** The two databases digest runs on. */
  public enum Kind {
    H2,
    POSTGRESQL
  }

  private final DatabaseSettings settings;
  private final String schema;

  private TestDatabase(DatabaseSettings settings, String schema) {
    this.settings = settings;
    this.schema = schema;
  }

  public static TestDatabase of(Kind kind) {
    return kind == Kind.H2 ? h2() : postgresql();
  }

  /** A new H2 database in memory, kept while the JVM runs (no connection need stay open). */
  public static TestDatabase h2() {
    return new TestDatabase(
        new DatabaseSettings("jdbc:h2:mem:t" + id() + ";DB_CLOSE_DELAY=-1", "", ""), "");
  }

  /** A new schema on 127.0.0.1:5432; skips the test when PostgreSQL is not reachable. */
  public static TestDatabase postgresql() {
    LocalPostgres.assumeReachable();
    String schema = "t" + id();
    execute("CREATE SCHEMA " + schema);
    return new TestDatabase(
        new DatabaseSettings(LocalPostgres.URL + "?currentSchema=" + schema, "postgres", ""),
        schema);
  }

  public DatabaseSettings settings() {
    return settings;
  }

  public String url() {
    return settings.url();
  }

  /** The database opened (and migrated) by the application's own {@link Database#open}. */
  public Database open() {
    return Database.open(settings);
  }

  /** Drops the PostgreSQL schema; H2 in memory goes with the JVM. */
  @Override
  public void close() {
    if (!schema.isEmpty()) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static String id() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(LocalPostgres.URL, "postgres", "");
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
