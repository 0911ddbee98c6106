package dev.digest.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digest.config.FeedSettings;
import dev.digest.http.HttpFetcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) with Jackson. Thread-safe. */
final class JsonFeedParser {

  /** Loaded on the first JSON feed: data binding is a tenth of a second of class loading. */
  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper();
  }

  ParsedFeed parse(String text, String documentUrl, FeedSettings feed, Instant now)
      throws FeedParseException {
    JsonNode root;
    try {
      root = Mapper.INSTANCE.readTree(text);
    } catch (JsonProcessingException e) {
      throw new FeedParseException(
          "invalid JSON: " + HttpFetcher.oneLine(e).replaceAll(" at \\[Source.*", ""), e);
    }
    if (root == null || !root.isObject()) {
      throw new FeedParseException("not a feed: JSON without an object");
    }
    String version = str(root, "version");
    // Some publishers write the bare number ("1.1"); accept it when items are there too.
    String number =
        version.contains("jsonfeed.org/version/")
            ? version.substring(version.lastIndexOf('/') + 1)
            : version.trim();
    if (!number.matches("1(\\.\\d+)?")) {
      throw new FeedParseException("not a feed: JSON without a jsonfeed.org version");
    }
    String format = number.equals("1") ? "json-1.0" : "json-" + number;
    JsonNode items = root.path("items");
    if (!items.isArray()) {
      throw new FeedParseException("not a feed: JSON Feed without items");
    }
    String feedTitle = TextCleaner.plainText(str(root, "title"));
    String source =
        !feed.name().isBlank()
            ? feed.name()
            : !feedTitle.isBlank() ? feedTitle : FeedParser.hostOf(feed.url());
    String base =
        TextCleaner.absoluteUrl(documentUrl, str(root, "home_page_url")).orElse(documentUrl);
    String feedAuthor = authorOf(root);
    List<Article> articles = new ArrayList<>();
    for (JsonNode item : items) {
      if (!item.isObject()) {
        continue;
      }
      String content = str(item, "content_html");
      if (content.isBlank()) {
        String t = str(item, "content_text");
        content =
            t.isBlank() ? TextCleaner.textToHtml(str(item, "summary")) : TextCleaner.textToHtml(t);
      }
      String guid = str(item, "id");
      String link =
          TextCleaner.absoluteUrl(base, str(item, "url"))
              .or(() -> TextCleaner.absoluteUrl(base, str(item, "external_url")))
              .or(() -> TextCleaner.isHttpUrl(guid) ? Optional.of(guid) : Optional.empty())
              .orElse(base);
      String title = TextCleaner.plainText(str(item, "title"));
      if (title.isBlank()) {
        title = FeedParser.titleFromContent(content);
      }
      Optional<Instant> updated = DateParser.parse(str(item, "date_modified"));
      Instant published =
          DateParser.parse(str(item, "date_published")).or(() -> updated).orElse(now);
      if (published.isAfter(now)) {
        published = now;
      }
      String author = authorOf(item);
      Optional<String> image =
          TextCleaner.absoluteUrl(base, str(item, "image"))
              .or(() -> TextCleaner.absoluteUrl(base, str(item, "banner_image")));
      articles.add(
          new Article(
              feed.url(),
              source,
              feed.category(),
              guid,
              title,
              link,
              author.isBlank() ? feedAuthor : author,
              published,
              updated.map(u -> u.isAfter(now) ? now : u),
              content,
              image));
    }
    return new ParsedFeed(format, feedTitle, articles);
  }

  /** 1.1 has {@code authors}, 1.0 has {@code author}. */
  private static String authorOf(JsonNode node) {
    JsonNode authors = node.path("authors");
    if (authors.isArray() && authors.size() > 0) {
      return TextCleaner.plainText(str(authors.get(0), "name"));
    }
    return TextCleaner.plainText(str(node.path("author"), "name"));
  }

  private static String str(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() ? v.asText() : v.isNumber() ? v.asText() : "";
  }
}
