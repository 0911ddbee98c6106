package dev.digest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digest.config.DatabaseSettings;
import dev.digest.testing.TestDatabase;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DatabaseTest {

  static DatabaseSettings memory() {
    return TestDatabase.h2().settings();
  }

  @Test
  void migratesTheTablesOfTheDesign() {
    try (Database db = Database.open(memory())) {
      List<String> tables =
          db.withConnection(
              c -> {
                List<String> names = new ArrayList<>();
                try (ResultSet rs =
                    c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
                  while (rs.next()) {
                    names.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
                  }
                }
                return names;
              });
      assertThat(tables)
          .contains("feed_state", "seen_item", "edition", "edition_item", "subscriber", "delivery");
      assertThat(db.dialect()).isEqualTo(Dialect.H2);
    }
  }

  @Test
  void rollsBackWhenWorkThrows() {
    try (Database db = Database.open(memory())) {
      assertThatThrownBy(
              () ->
                  db.inTransaction(
                      c -> {
                        c.createStatement()
                            .executeUpdate(
                                "INSERT INTO seen_item (item_key, seen_at) VALUES ('k', CURRENT_TIMESTAMP)");
                        throw new IllegalStateException("boom");
                      }))
          .isInstanceOf(IllegalStateException.class);
      int count =
          db.withConnection(
              c -> {
                try (ResultSet rs =
                    c.createStatement().executeQuery("SELECT COUNT(*) FROM seen_item")) {
                  rs.next();
                  return rs.getInt(1);
                }
              });
      assertThat(count).isZero();
    }
  }

  @Test
  void anH2FileIsWrittenOnCommitAndNotCompactedOnCloseUnlessTheUrlSaysOtherwise() {
    assertThat(Database.durable("jdbc:h2:file:/d/digest", Dialect.H2))
        .isEqualTo("jdbc:h2:async:/d/digest;WRITE_DELAY=0;MAX_COMPACT_TIME=0");
    assertThat(Database.durable("jdbc:h2:file:/d/digest;max_compact_time=500", Dialect.H2))
        .isEqualTo("jdbc:h2:async:/d/digest;max_compact_time=500;WRITE_DELAY=0");
    assertThat(Database.durable("jdbc:h2:file:/d/digest;WRITE_DELAY=100", Dialect.H2))
        .isEqualTo("jdbc:h2:async:/d/digest;WRITE_DELAY=100;MAX_COMPACT_TIME=0");
    assertThat(Database.durable("jdbc:h2:mem:x", Dialect.H2)).isEqualTo("jdbc:h2:mem:x");
    assertThat(Database.durable("jdbc:postgresql://h/db", Dialect.POSTGRESQL))
        .isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void anH2FileOnTheDiskIsOpenedThroughAFileSystemAnInterruptCannotClose() {
    assertThat(Database.uninterruptible("jdbc:h2:file:/d/digest;AUTO_SERVER=TRUE"))
        .isEqualTo("jdbc:h2:async:/d/digest;AUTO_SERVER=TRUE");
    assertThat(Database.uninterruptible("jdbc:h2:/d/digest")).isEqualTo("jdbc:h2:async:/d/digest");
    assertThat(Database.uninterruptible("jdbc:h2:~/digest;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:async:~/digest;MODE=PostgreSQL");
    assertThat(Database.uninterruptible("jdbc:h2:file:~/digest"))
        .isEqualTo("jdbc:h2:async:~/digest");
    assertThat(Database.uninterruptible("jdbc:h2:./data/digest"))
        .isEqualTo("jdbc:h2:async:./data/digest");
    assertThat(Database.uninterruptible("jdbc:h2:file:C:/d/digest"))
        .isEqualTo("jdbc:h2:async:C:/d/digest");
    // Not a file on H2's default file system, or one the URL already puts on another: as written.
    for (String url :
        List.of(
            "jdbc:h2:mem:x;DB_CLOSE_DELAY=-1",
            "jdbc:h2:tcp://db/./digest",
            "jdbc:h2:ssl://db/~/digest",
            "jdbc:h2:retry:/d/digest",
            "jdbc:h2:async:/d/digest;AUTO_SERVER=TRUE",
            "jdbc:h2:split:/d/digest",
            "jdbc:h2:.",
            "jdbc:postgresql://h/db")) {
      assertThat(Database.uninterruptible(url)).as(url).isEqualTo(url);
    }
    assertThat(Database.durable("jdbc:h2:tcp://db/./digest", Dialect.H2))
        .isEqualTo("jdbc:h2:tcp://db/./digest;WRITE_DELAY=0;MAX_COMPACT_TIME=0");
  }

  @Test
  void theRewrittenUrlOpensTheSameFilesAsThePlainOne() throws Exception {
    java.nio.file.Path dir = java.nio.file.Path.of("target", "db-rewrite-" + UUID.randomUUID());
    String name = dir.toAbsolutePath().resolve("d").toString();
    DatabaseSettings s = new DatabaseSettings("jdbc:h2:file:" + name, "", "");
    try (Database db = Database.open(s)) {
      String url = db.withConnection(c -> c.getMetaData().getURL());
      assertThat(url).startsWith("jdbc:h2:async:");
      db.withConnection(
          c ->
              c.createStatement()
                  .executeUpdate(
                      "INSERT INTO seen_item (item_key, seen_at) VALUES ('a', CURRENT_TIMESTAMP)"));
    }
    // An earlier digest, or an H2 tool, opens the database with the plain URL: same data.
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + name)) {
      c.createStatement()
          .executeUpdate(
              "INSERT INTO seen_item (item_key, seen_at) VALUES ('b', CURRENT_TIMESTAMP)");
    }
    try (Database db = Database.open(s)) {
      int rows =
          db.withConnection(
              c -> {
                try (ResultSet rs =
                    c.createStatement()
                        .executeQuery(
                            "SELECT COUNT(*) FROM seen_item WHERE item_key IN ('a', 'b')")) {
                  rs.next();
                  return rs.getInt(1);
                }
              });
      assertThat(rows).isEqualTo(2);
    }
  }

  @Test
  void aFileDatabaseOpensWithTheSettingsInForce() {
    java.nio.file.Path dir = java.nio.file.Path.of("target", "db-settings-" + UUID.randomUUID());
    try (Database db =
        Database.open(
            new DatabaseSettings("jdbc:h2:file:" + dir.toAbsolutePath().resolve("d"), "", ""))) {
      String delay =
          db.withConnection(
              c -> {
                try (ResultSet rs =
                    c.createStatement()
                        .executeQuery(
                            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                  return rs.next() ? rs.getString(1) : "absent";
                }
              });
      assertThat(delay).isEqualTo("0");
    }
  }

  @Test
  void badUrlGivesAClearError() {
    assertThatThrownBy(() -> Database.open(new DatabaseSettings("jdbc:nosuch:x", "", "")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot open database jdbc:nosuch:x");
  }
}
