package dev.digest.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.digest.store.Database;
import dev.digest.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code feed_articles} table: the parsed articles of each feed's last good fetch, so a 304
 * Not Modified still yields them (and costs no parse). Without it, whoever fetched first with
 * conditional GET would hide a feed's articles from the next edition.
 */
public final class FeedArticlesRepository {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Database db;

  public FeedArticlesRepository(Database db) {
    this.db = db;
  }

  /** What a feed gave last time it answered 200. */
  public record Cached(String format, List<Article> articles) {}

  public void save(String feedUrl, String format, List<Article> articles, Instant at) {
    String json = toJson(articles);
    db.inTransaction(
        c -> {
          try (PreparedStatement up =
              c.prepareStatement(
                  "UPDATE feed_articles SET format = ?, articles = ?, saved_at = ? WHERE feed_url = ?")) {
            up.setString(1, format);
            up.setString(2, json);
            up.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            up.setString(4, feedUrl);
            if (up.executeUpdate() > 0) {
              return null;
            }
          }
          try (PreparedStatement in =
              c.prepareStatement(
                  "INSERT INTO feed_articles (format, articles, saved_at, feed_url) VALUES (?, ?, ?, ?)")) {
            in.setString(1, format);
            in.setString(2, json);
            in.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            in.setString(4, feedUrl);
            in.executeUpdate();
          }
          return null;
        });
  }

  public Optional<Cached> find(String feedUrl) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT format, articles FROM feed_articles WHERE feed_url = ?")) {
            ps.setString(1, feedUrl);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.<Cached>empty();
              }
              return Optional.of(new Cached(rs.getString(1), fromJson(rs.getString(2))));
            }
          }
        });
  }

  static String toJson(List<Article> articles) {
    ArrayNode arr = JSON.createArrayNode();
    for (Article a : articles) {
      ObjectNode o = arr.addObject();
      o.put("feedUrl", a.feedUrl());
      o.put("source", a.source());
      o.put("category", a.category());
      o.put("guid", a.guid());
      o.put("title", a.title());
      o.put("link", a.link());
      o.put("author", a.author());
      o.put("published", a.published().toString());
      a.updated().ifPresent(u -> o.put("updated", u.toString()));
      o.put("contentHtml", a.contentHtml());
      a.imageUrl().ifPresent(u -> o.put("imageUrl", u));
    }
    try {
      return JSON.writeValueAsString(arr);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize articles", e);
    }
  }

  static List<Article> fromJson(String json) {
    try {
      List<Article> out = new ArrayList<>();
      for (JsonNode o : JSON.readTree(json)) {
        out.add(
            new Article(
                o.path("feedUrl").asText(),
                o.path("source").asText(),
                o.path("category").asText(),
                o.path("guid").asText(),
                o.path("title").asText(),
                o.path("link").asText(),
                o.path("author").asText(),
                Instant.parse(o.path("published").asText()),
                o.hasNonNull("updated") ? Optional.of(Instant.parse(o.get("updated").asText())) : Optional.empty(),
                o.path("contentHtml").asText(),
                o.hasNonNull("imageUrl") ? Optional.of(o.get("imageUrl").asText()) : Optional.empty()));
      }
      return out;
    } catch (JsonProcessingException | RuntimeException e) {
      throw new StoreException("unreadable cached articles", e);
    }
  }
}
