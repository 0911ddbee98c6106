package dev.digest.subscribe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The topics a reader left out, as stored on the subscriber ({@code excluded_topics}): a sorted
 * JSON array of lower-case names, {@code ""} for none; and the feeds ({@code excluded_feeds}), a
 * sorted array of URLs. One form for one choice, so readers with the same choice compare equal in
 * SQL and share one rendered body.
 */
public final class TopicChoice {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<java.util.List<String>> STRINGS = new TypeReference<>() {};

  private TopicChoice() {}

  /** A topic as compared: a feed's category, trimmed and in lower case. */
  public static String key(String topic) {
    return dev.digest.config.DigestConfig.topicKey(topic);
  }

  public static String format(Collection<String> excluded) {
    Set<String> sorted = new TreeSet<>();
    for (String t : excluded) {
      if (!key(t).isEmpty()) {
        sorted.add(key(t));
      }
    }
    return json(sorted);
  }

  /**
   * The feeds a reader left out ({@code excluded_feeds}, with {@code digest.reader-feed-choice}),
   * in the same form: their feeds.yml URLs as given (a URL's path is case-sensitive), sorted.
   */
  public static String formatFeeds(Collection<String> excludedFeeds) {
    Set<String> sorted = new TreeSet<>();
    for (String url : excludedFeeds) {
      if (url != null && !url.isBlank()) {
        sorted.add(url.strip());
      }
    }
    return json(sorted);
  }

  private static String json(Set<String> sorted) {
    if (sorted.isEmpty()) {
      return "";
    }
    try {
      return JSON.writeValueAsString(sorted);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write topics as JSON", e);
    }
  }

  public static Set<String> parse(String stored) {
    if (stored == null || stored.isBlank()) {
      return Set.of();
    }
    try {
      return new TreeSet<>(JSON.readValue(stored, STRINGS));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("subscriber holds a malformed topic list: " + stored, e);
    }
  }
}
