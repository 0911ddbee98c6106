package dev.digest.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digest.condense.LlmReply;
import dev.digest.store.Database;
import dev.digest.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The {@code condense_cache} table: a language model's accepted replies by cache key ({@link
 * dev.digest.condense.LlmPrompt#cacheKey}). Thread-safe.
 */
public final class CondenseCacheRepository {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Database db;

  public CondenseCacheRepository(Database db) {
    this.db = db;
  }

  public Optional<LlmReply.Accepted> find(String cacheKey) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT quick_summary, takeaways FROM condense_cache WHERE cache_key = ?")) {
            ps.setString(1, cacheKey);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.<LlmReply.Accepted>empty();
              }
              return Optional.of(
                  new LlmReply.Accepted(read(rs.getString(1)), read(rs.getString(2))));
            }
          }
        });
  }

  /** Stores a reply; a key another run or node stored meanwhile keeps its first reply. */
  public void save(String cacheKey, String model, LlmReply.Accepted reply, Instant at) {
    String quick = write(reply.quickSummary());
    String takeaways = write(reply.takeaways());
    db.inTransaction(
        c -> {
          try (PreparedStatement exists =
              c.prepareStatement("SELECT 1 FROM condense_cache WHERE cache_key = ?")) {
            exists.setString(1, cacheKey);
            try (ResultSet rs = exists.executeQuery()) {
              if (rs.next()) {
                return null;
              }
            }
          }
          try (PreparedStatement in =
              c.prepareStatement(
                  "INSERT INTO condense_cache (cache_key, model, quick_summary, takeaways, created_at)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            in.setString(1, cacheKey);
            in.setString(2, model);
            in.setString(3, quick);
            in.setString(4, takeaways);
            in.setObject(5, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            in.executeUpdate();
          }
          return null;
        });
  }

  private static String write(List<String> bullets) {
    try {
      return JSON.writeValueAsString(bullets);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize bullets", e);
    }
  }

  private static List<String> read(String json) {
    try {
      return JSON.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new StoreException("unreadable cached summary", e);
    }
  }
}
