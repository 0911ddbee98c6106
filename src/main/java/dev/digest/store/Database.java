package dev.digest.store;

import dev.digest.config.DatabaseSettings;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The database: a pooled {@link DataSource} (H2 file/memory or PostgreSQL), migrated with Flyway on
 * open. Thread-safe. Repositories take a {@link Connection} for work that must share a transaction
 * and use {@link #inTransaction} otherwise.
 */
public final class Database implements AutoCloseable {

  /** Opens the pool and migrates the schema to the latest version. */
  public static Database open(DatabaseSettings settings) {
    throw new UnsupportedOperationException("store helper implements this");
  }

  public DataSource dataSource() {
    throw new UnsupportedOperationException();
  }

  public Dialect dialect() {
    throw new UnsupportedOperationException();
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  public <T> T inTransaction(SqlWork<T> work) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}

  /** A unit of work on one connection. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }
}
