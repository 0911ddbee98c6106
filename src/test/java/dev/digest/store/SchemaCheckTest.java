package dev.digest.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.DatabaseSettings;
import dev.digest.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {

  static final List<String> H2 = List.of("db/migration/common", "db/migration/h2");

  static Database fresh() {
    return TestDatabase.h2().open();
  }

  @Test
  void checksumsAreTheOnesFlywayStored() throws Exception {
    try (Database db = fresh()) {
      Map<String, Integer> stored =
          db.withConnection(
              c -> {
                Map<String, Integer> m = new HashMap<>();
                try (ResultSet rs =
                    c.createStatement()
                        .executeQuery(
                            "SELECT \"version\", \"checksum\" FROM \"flyway_schema_history\""
                                + " WHERE \"type\" = 'SQL'")) {
                  while (rs.next()) {
                    m.put(rs.getString(1), rs.getInt(2));
                  }
                }
                return m;
              });
      assertThat(stored).isNotEmpty().isEqualTo(SchemaCheck.bundled(H2));
      assertThat(SchemaCheck.current(db.dataSource(), H2)).isTrue();
    }
  }

  @Test
  void theIndexListsEveryMigrationFileAndNothingElse() throws Exception {
    // Tests run from target/classes, a folder: walk it as Flyway would scan it.
    Path root = Path.of(SchemaCheckTest.class.getClassLoader().getResource("db/migration").toURI());
    Set<String> onDisk;
    try (Stream<Path> files = Files.walk(root)) {
      onDisk =
          files
              .filter(Files::isRegularFile)
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .filter(p -> p.endsWith(".sql"))
              .collect(Collectors.toSet());
    }
    List<String> indexed = SchemaCheck.indexed(SchemaCheckTest.class.getClassLoader());
    assertThat(onDisk).isNotEmpty();
    assertThat(indexed).doesNotHaveDuplicates();
    assertThat(Set.copyOf(indexed))
        .as("db/migration/index.txt must list every migration (SchemaCheck reads only the list)")
        .isEqualTo(onDisk);
  }

  @Test
  void aNewFileDatabaseLeavesNoTraceOfTheCheck(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("digest");
    try (Database db = Database.open(new DatabaseSettings(url, "", ""))) {
      assertThat(SchemaCheck.current(db.dataSource(), H2)).isTrue();
    }
    try (Database again = Database.open(new DatabaseSettings(url, "", ""))) {
      assertThat(again.ping()).isTrue();
    }
    // H2 logs failed statements to digest.trace.db; the check runs none on a new database. (The
    // file may exist for another reason: under -ea, as tests run, H2's own assertions can fail
    // while it compacts at close.)
    Path trace = dir.resolve("digest.trace.db");
    String logged = Files.exists(trace) ? Files.readString(trace) : "";
    assertThat(logged).doesNotContain("flyway_schema_history");
  }

  @Test
  void anEmptyDatabaseIsNotCurrent() {
    try (Database db = fresh()) {
      db.withConnection(c -> c.createStatement().execute("DROP TABLE \"flyway_schema_history\""));
      assertThat(SchemaCheck.current(db.dataSource(), H2)).isFalse();
    }
  }

  @Test
  void aPendingOrChangedOrFailedMigrationLetsFlywayDecide() {
    try (Database db = fresh()) {
      db.withConnection(
          c ->
              c.createStatement()
                  .execute(
                      "UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1"
                          + " WHERE \"version\" = '2'"));
      assertThat(SchemaCheck.current(db.dataSource(), H2)).as("changed file").isFalse();
    }
    try (Database db = fresh()) {
      db.withConnection(
          c ->
              c.createStatement()
                  .execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '4'"));
      assertThat(SchemaCheck.current(db.dataSource(), H2)).as("pending migration").isFalse();
    }
    try (Database db = fresh()) {
      db.withConnection(
          c ->
              c.createStatement()
                  .execute(
                      "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '4'"));
      assertThat(SchemaCheck.current(db.dataSource(), H2)).as("failed migration").isFalse();
    }
  }

  @Test
  void aDatabaseMissingAMigrationIsStillMigratedOnOpen() {
    TestDatabase h2 = TestDatabase.h2();
    try (Database db = h2.open()) {
      // Undo the newest migration (V17, feed choice): only the newest can be pending, since
      // Flyway refuses a missing one below an applied one. Update this when a newer one comes.
      db.withConnection(
          c -> {
            c.createStatement().execute("ALTER TABLE subscriber DROP COLUMN excluded_feeds");
            c.createStatement().execute("ALTER TABLE edition_item DROP COLUMN feed_url");
            c.createStatement().execute("ALTER TABLE edition_variant DROP COLUMN excluded_feeds");
            return c.createStatement()
                .execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '17'");
          });
      // Reopened: the check sees a pending migration and Flyway applies it again.
      try (Database again = h2.open()) {
        List<String> columns =
            again.withConnection(
                c -> {
                  List<String> names = new java.util.ArrayList<>();
                  try (ResultSet rs =
                      c.getMetaData().getColumns(null, null, "EDITION_ITEM", null)) {
                    while (rs.next()) {
                      names.add(rs.getString("COLUMN_NAME"));
                    }
                  }
                  return names;
                });
        assertThat(columns).contains("FEED_URL");
        assertThat(SchemaCheck.current(again.dataSource(), H2)).isTrue();
      }
    }
  }

  @Test
  void postgresqlHistoryIsReadToo() throws Exception {
    try (TestDatabase pgSchema = TestDatabase.postgresql();
        Database db = pgSchema.open()) {
      List<String> pg = List.of("db/migration/common", "db/migration/postgresql");
      assertThat(SchemaCheck.current(db.dataSource(), pg)).isTrue();
      assertThat(SchemaCheck.current(db.dataSource(), H2)).as("other dialect's files").isFalse();
    }
  }

  @Test
  void checksumIgnoresLineEndingsAndByteOrderMark() throws Exception {
    byte[] unix = "CREATE TABLE a (x INT);\nSELECT 1;\n".getBytes(StandardCharsets.UTF_8);
    byte[] windows =
        "\uFEFFCREATE TABLE a (x INT);\r\nSELECT 1;\r\n".getBytes(StandardCharsets.UTF_8);
    byte[] other = "CREATE TABLE a (x INT);\nSELECT 2;\n".getBytes(StandardCharsets.UTF_8);
    int a = SchemaCheck.checksum(new ByteArrayInputStream(unix));
    assertThat(SchemaCheck.checksum(new ByteArrayInputStream(windows))).isEqualTo(a);
    assertThat(SchemaCheck.checksum(new ByteArrayInputStream(other))).isNotEqualTo(a);
  }
}
