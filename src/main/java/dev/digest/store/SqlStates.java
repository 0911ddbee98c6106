package dev.digest.store;

import java.sql.SQLException;

/** SQLSTATE checks that read the same on H2 and PostgreSQL. */
public final class SqlStates {

  /** SQLSTATE of a unique-constraint violation (class 23, integrity constraint). */
  public static final String UNIQUE_VIOLATION = "23505";

  /** Whether {@code e}, or an exception it wraps, is a unique-constraint violation. */
  public static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException && UNIQUE_VIOLATION.equals(((SQLException) t).getSQLState())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private SqlStates() {}
}
