package dev.digest.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.digest.config.DatabaseSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The database: a pooled {@link DataSource} (H2 file/memory or PostgreSQL), migrated with Flyway on
 * open. Thread-safe. Repositories take a {@link Connection} for work that must share a transaction
 * and use {@link #inTransaction} otherwise.
 */
public final class Database implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final Dialect dialect;

  /** The connection of the calling thread's {@link #oneCommit}, while it runs. */
  private final ThreadLocal<Connection> batch = new ThreadLocal<>();

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /**
   * Opens the pool and migrates the schema to the latest version. A database that already has
   * exactly this build's migrations is not handed to Flyway at all ({@link SchemaCheck}).
   */
  public static Database open(DatabaseSettings settings) {
    Opened early = Preopen.claim(settings);
    if (early != null) {
      return finish(settings, early);
    }
    return finish(settings, connect(settings));
  }

  /**
   * Starts opening the database of {@code settings} on the calling thread, for a later {@link
   * #open} with equal settings (on another thread) to take over: a short command opens it while its
   * command line is still being parsed. Only the pool and the schema check run here; a migration,
   * if one is due, is left to {@link #open}. Does nothing (and {@link #open} opens as always) when
   * the database is an H2 file that does not exist yet, or not a file or PostgreSQL one, so that a
   * command line that turns out to be wrong leaves no new file behind. Never throws: a failure here
   * is forgotten, and {@link #open} meets it again and reports it.
   *
   * @param registered run once the open is pending (before it starts, or at once when there is
   *     nothing to open ahead): from then on an {@link #open} on another thread waits for it
   */
  public static void preopen(DatabaseSettings settings, Runnable registered) {
    if (!worthPreopening(settings)) {
      registered.run();
      return;
    }
    Preopen.run(settings, registered, () -> connect(settings));
  }

  /** The pool with one connection made, and whether the schema is this build's. */
  record Opened(
      HikariDataSource dataSource, Dialect dialect, List<String> locations, boolean current) {}

  /** Opens the pool and checks the schema; throws as {@link #open} reports it. */
  private static Opened connect(DatabaseSettings settings) {
    Dialect dialect = settings.isPostgres() ? Dialect.POSTGRESQL : Dialect.H2;
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(durable(settings.url(), dialect));
    if (!settings.username().isEmpty()) {
      hc.setUsername(settings.username());
    }
    if (!settings.password().isEmpty()) {
      hc.setPassword(settings.password());
    }
    hc.setPoolName("digest-db");
    hc.setMaximumPoolSize(10);
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(10_000);
    // Fail fast with the driver's own message (bad URL, server down) instead of a pool timeout.
    hc.setInitializationFailTimeout(1);
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open database " + settings.safeUrl(), rootCause(e));
    }
    // One version sequence across common/ and the dialect's folder: a new migration takes the next
    // free number in either (V5 next), never a gap-filling lower one, or existing databases refuse
    // it.
    List<String> locations =
        List.of(
            "db/migration/common",
            "db/migration/" + dialect.name().toLowerCase(java.util.Locale.ROOT));
    return new Opened(ds, dialect, locations, SchemaCheck.current(ds, locations));
  }

  /** Migrates the opened pool's database unless its schema is already current. */
  private static Database finish(DatabaseSettings settings, Opened o) {
    if (o.current()) {
      return new Database(o.dataSource(), o.dialect());
    }
    try {
      Flyway.configure()
          .dataSource(o.dataSource())
          .locations(o.locations().stream().map(l -> "classpath:" + l).toArray(String[]::new))
          .load()
          .migrate();
    } catch (RuntimeException e) {
      o.dataSource().close();
      throw new StoreException("cannot migrate database " + settings.safeUrl(), e);
    }
    return new Database(o.dataSource(), o.dialect());
  }

  /**
   * PostgreSQL (a connection has no lasting effect), or an H2 file database whose file is there
   * already: opening a missing one would create it.
   */
  static boolean worthPreopening(DatabaseSettings settings) {
    if (settings.isPostgres()) {
      return true;
    }
    String path = h2DiskFile(settings.url());
    if (path == null || path.isEmpty() || path.startsWith("~")) {
      return false;
    }
    try {
      return java.nio.file.Files.isRegularFile(java.nio.file.Path.of(path + ".mv.db"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The database name of an H2 URL that H2 opens from the local disk with its default file system
   * ({@code jdbc:h2:file:/d/x}, {@code jdbc:h2:/d/x}, {@code jdbc:h2:~/x}, {@code jdbc:h2:./x}),
   * without {@code file:} and the {@code ;OPTIONS}; null for anything else: not H2, or {@code
   * mem:}, {@code tcp:}, {@code ssl:}, or a file system the URL names ({@code async:}, {@code
   * retry:}, {@code split:}, {@code zip:}, {@code nio:}...). A one-letter prefix is a Windows
   * drive.
   */
  static String h2DiskFile(String url) {
    if (!url.startsWith("jdbc:h2:")) {
      return null;
    }
    String rest = url.substring("jdbc:h2:".length());
    int semi = rest.indexOf(';');
    String name = semi < 0 ? rest : rest.substring(0, semi);
    if (name.startsWith("file:")) {
      return name.substring("file:".length());
    }
    return name.matches("^[A-Za-z]{2,}:.*") ? null : name;
  }

  /**
   * H2 writes committed transactions to its file after a delay (500 ms by default), so a process
   * killed with SIGKILL forgets its last commits: a delivery marked {@code sent} would be sent
   * again by a resume. Write on commit instead (the OS keeps what a dead process wrote).
   *
   * <p>And H2 spends up to 200 ms compacting the file when it closes: a tenth of every short
   * command (a "nothing new" send took 1.04 s with it, 0.93 s without). Not compacting on close
   * costs no space here: the store reuses its freed chunks, and the benchmark's database stayed at
   * 19.55 MB over 40 sends either way.
   */
  static String durable(String url, Dialect dialect) {
    if (dialect != Dialect.H2 || url.startsWith("jdbc:h2:mem:")) {
      return url;
    }
    String upper = url.toUpperCase(java.util.Locale.ROOT);
    String out = uninterruptible(url);
    if (!upper.contains("WRITE_DELAY")) {
      out += ";WRITE_DELAY=0";
    }
    if (!upper.contains("MAX_COMPACT_TIME")) {
      out += ";MAX_COMPACT_TIME=0";
    }
    return out;
  }

  /**
   * An H2 file on H2's default file system is read and written through a {@code FileChannel}, which
   * closes itself when the thread using it is interrupted during (or before) the I/O; H2 then
   * closes the whole database for every connection of the process. Quartz's shutdown interrupts its
   * threads, which hung a scheduler's shutdown (its thread retried on the closed database forever),
   * and a stopped worker or a cancelled request would do the same. H2's {@code async:} file system
   * ({@code AsynchronousFileChannel}) is not interruptible: the interrupted thread's I/O completes,
   * its interrupt stays set for its own code to see, and the file stays open. (Not {@code retry:}:
   * it reopens the file after the fact, re-takes its lock in a window another process could use,
   * and clears the thread's interrupt.) Same files, same names: an existing database opens as
   * before, and other processes on the AUTO_SERVER still connect with either URL. A URL that names
   * a file system of its own is left as written.
   */
  static String uninterruptible(String url) {
    String name = h2DiskFile(url);
    if (name == null || name.isEmpty() || name.equals(".")) {
      return url; // "jdbc:h2:." is H2's unnamed in-memory database
    }
    int semi = url.indexOf(';');
    return "jdbc:h2:async:" + name + (semi < 0 ? "" : url.substring(semi));
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   * Inside {@link #oneCommit}, a savepoint of the shared transaction instead.
   */
  public <T> T inTransaction(SqlWork<T> work) {
    Connection shared = batch.get();
    if (shared != null) {
      return inSavepoint(shared, work);
    }
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new StoreException("database transaction failed", e);
    }
  }

  /**
   * Runs {@code work} on a pooled connection in auto-commit mode; inside {@link #oneCommit}, on the
   * shared transaction's connection (so it sees what the batch wrote).
   */
  public <T> T withConnection(SqlWork<T> work) {
    Connection shared = batch.get();
    if (shared != null) {
      return inSavepoint(shared, work);
    }
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("database query failed", e);
    }
  }

  /**
   * Runs {@code work} with every {@link #inTransaction} and {@link #withConnection} this thread
   * calls meanwhile joined into one transaction, committed once when {@code work} returns (and
   * rolled back whole when it throws). Each inner transaction is a savepoint: one that fails (a
   * unique violation a repository expects and catches, say) is undone alone and the rest go on, on
   * PostgreSQL too, where a failed statement would otherwise poison the transaction.
   *
   * <p>Why: with {@code WRITE_DELAY=0} every commit writes H2's file, about half the cost of
   * applying one returned message; a command reading many files commits them a few hundred at a
   * time instead. Only the calling thread joins; other threads keep their own transactions.
   */
  public <T> T oneCommit(java.util.function.Supplier<T> work) {
    if (batch.get() != null) {
      return work.get();
    }
    return inTransaction(
        c -> {
          batch.set(c);
          try {
            return work.get();
          } finally {
            batch.remove();
          }
        });
  }

  private static <T> T inSavepoint(Connection c, SqlWork<T> work) {
    try {
      Savepoint sp = c.setSavepoint();
      try {
        T result = work.run(c);
        c.releaseSavepoint(sp);
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback(sp);
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("database transaction failed", e);
    }
  }

  /** True when a connection can be had and answers within two seconds (health checks). */
  public boolean ping() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  /** A unit of work on one connection. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }
}
