package dev.digest.llm;

import dev.digest.condense.LlmReply;
import dev.digest.config.DatabaseSettings;
import dev.digest.store.Database;
import dev.digest.testing.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The condense_cache table (migration V5) on H2 and, when it is up, on PostgreSQL. */
class CondenseCacheRepositoryTest {

  static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

  @Test
  void h2() {
    try (Database db =
        Database.open(new DatabaseSettings("jdbc:h2:mem:c" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", ""))) {
      keepsTheFirstReplyPerKey(new CondenseCacheRepository(db));
    }
  }

  @Test
  void postgres() throws Exception {
    LocalPostgres.assumeReachable();
    String schema = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    try (Database db = Database.open(new DatabaseSettings(POSTGRES + "?currentSchema=" + schema, "postgres", ""))) {
      keepsTheFirstReplyPerKey(new CondenseCacheRepository(db));
    } finally {
      try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
          Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static void keepsTheFirstReplyPerKey(CondenseCacheRepository cache) {
    String key = "a".repeat(64);
    LlmReply.Accepted first =
        new LlmReply.Accepted(List.of("Ünïcode ✓ \"quoted\" bullet."), List.of("One.", "Two."));
    assertThat(cache.find(key)).isEmpty();

    cache.save(key, "model-a", first, Instant.parse("2026-11-25T10:00:00Z"));
    cache.save(key, "model-a", new LlmReply.Accepted(List.of("Other."), List.of("Else.")), Instant.now());

    assertThat(cache.find(key)).contains(first);
    assertThat(cache.find("b".repeat(64))).isEmpty();
  }

}
