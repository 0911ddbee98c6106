package dev.digest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digest.config.DatabaseSettings;
import dev.digest.testing.LocalPostgres;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link Database#oneCommit}: inner transactions join one commit, a failed inner one is undone
 * alone (on PostgreSQL too, where a failed statement aborts a plain transaction), and a throw out
 * of the batch keeps nothing of it.
 */
class OneCommitTest {

  @Test
  void h2() {
    try (Database db = Database.open(new DatabaseSettings(
        "jdbc:h2:mem:o" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", ""))) {
      check(db, "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }
  }

  @Test
  void postgresql() throws Exception {
    LocalPostgres.assumeReachable();
    String schema = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (java.sql.Connection c =
        java.sql.DriverManager.getConnection(LocalPostgres.URL, "postgres", "")) {
      c.createStatement().execute("CREATE SCHEMA " + schema);
    }
    try (Database db = Database.open(new DatabaseSettings(
        LocalPostgres.URL + "?currentSchema=" + schema, "postgres", ""))) {
      check(db, "t_one");
    } finally {
      try (java.sql.Connection c =
          java.sql.DriverManager.getConnection(LocalPostgres.URL, "postgres", "")) {
        c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static void check(Database db, String table) {
    db.withConnection(c -> c.createStatement().execute(
        "CREATE TABLE " + table + " (k INT PRIMARY KEY)"));
    db.oneCommit(() -> {
      insert(db, table, 1);
      assertThatThrownBy(() -> insert(db, table, 1))
          .as("the duplicate fails").isInstanceOf(RuntimeException.class)
          .matches(SqlStates::isUniqueViolation, "a unique violation");
      insert(db, table, 2);
      assertThat(count(db, table)).as("the batch sees its own rows").isEqualTo(2);
      return null;
    });
    assertThat(count(db, table)).as("both committed, the failed one undone alone").isEqualTo(2);

    assertThatThrownBy(() -> db.oneCommit(() -> {
      insert(db, table, 3);
      throw new IllegalStateException("crash mid-batch");
    })).hasMessage("crash mid-batch");
    assertThat(count(db, table)).as("nothing of a failed batch").isEqualTo(2);

    // After a batch, transactions are the caller's own again.
    insert(db, table, 4);
    assertThat(count(db, table)).isEqualTo(3);
  }

  private static void insert(Database db, String table, int k) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (k) VALUES (?)")) {
        ps.setInt(1, k);
        return ps.executeUpdate();
      }
    });
  }

  private static int count(Database db, String table) {
    return db.withConnection(c -> {
      try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }
}
