package dev.digest.store;

/** The SQL differences between the two supported databases. */
public enum Dialect {
  H2,
  POSTGRESQL;

  /** Row-claiming suffix: PostgreSQL skips rows another node holds; H2 simply locks. */
  public String forUpdateSkipLocked() {
    return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
  }
}
