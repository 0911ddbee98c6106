package dev.digest.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.condense.LlmReply;
import dev.digest.store.Database;
import dev.digest.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The condense_cache table (migration V5) on H2 and, when it is up, on PostgreSQL. */
class CondenseCacheRepositoryTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestDatabase.Kind.class)
  void keepsTheFirstReplyPerKeyOn(TestDatabase.Kind kind) {
    try (TestDatabase t = TestDatabase.of(kind);
        Database db = t.open()) {
      keepsTheFirstReplyPerKey(new CondenseCacheRepository(db));
    }
  }

  private static void keepsTheFirstReplyPerKey(CondenseCacheRepository cache) {
    String key = "a".repeat(64);
    LlmReply.Accepted first =
        new LlmReply.Accepted(List.of("Ünïcode ✓ \"quoted\" bullet."), List.of("One.", "Two."));
    assertThat(cache.find(key)).isEmpty();

    cache.save(key, "model-a", first, Instant.parse("2026-11-25T10:00:00Z"));
    cache.save(
        key, "model-a", new LlmReply.Accepted(List.of("Other."), List.of("Else.")), Instant.now());

    assertThat(cache.find(key)).contains(first);
    assertThat(cache.find("b".repeat(64))).isEmpty();
  }
}
