package dev.digest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digest.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Database#oneCommit}: inner transactions join one commit, a failed inner one is undone
 * alone (on PostgreSQL too, where a failed statement aborts a plain transaction), and a throw out
 * of the batch keeps nothing of it.
 */
class OneCommitTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.Kind.class)
  void joinsOneCommitOn(TestDatabase.Kind kind) {
    try (TestDatabase t = TestDatabase.of(kind);
        Database db = t.open()) {
      check(db, "t_one");
    }
  }

  private static void check(Database db, String table) {
    db.withConnection(
        c -> c.createStatement().execute("CREATE TABLE " + table + " (k INT PRIMARY KEY)"));
    db.oneCommit(
        () -> {
          insert(db, table, 1);
          assertThatThrownBy(() -> insert(db, table, 1))
              .as("the duplicate fails")
              .isInstanceOf(RuntimeException.class)
              .matches(SqlStates::isUniqueViolation, "a unique violation");
          insert(db, table, 2);
          assertThat(count(db, table)).as("the batch sees its own rows").isEqualTo(2);
          return null;
        });
    assertThat(count(db, table)).as("both committed, the failed one undone alone").isEqualTo(2);

    assertThatThrownBy(
            () ->
                db.oneCommit(
                    () -> {
                      insert(db, table, 3);
                      throw new IllegalStateException("crash mid-batch");
                    }))
        .hasMessage("crash mid-batch");
    assertThat(count(db, table)).as("nothing of a failed batch").isEqualTo(2);

    // After a batch, transactions are the caller's own again.
    insert(db, table, 4);
    assertThat(count(db, table)).isEqualTo(3);
  }

  private static void insert(Database db, String table, int k) {
    db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO " + table + " (k) VALUES (?)")) {
            ps.setInt(1, k);
            return ps.executeUpdate();
          }
        });
  }

  private static int count(Database db, String table) {
    return db.withConnection(
        c -> {
          try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }
}
