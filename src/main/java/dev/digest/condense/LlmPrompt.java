package dev.digest.condense;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The two chat messages that ask a language model for an article's quick summary and key
 * takeaways ({@code system}: the instructions and the reply shape {@link LlmReply} accepts;
 * {@code user}: the title and the article's prose), and the cache key of that request. Build it
 * with {@link Condenser#llmPrompt}. Pure.
 */
public record LlmPrompt(String system, String user) {

  /** Bump when the instructions change, so that replies to the old wording are not reused. */
  static final String VERSION = "digest-condense-llm-1";

  /** The article is cut to this many characters (about 3,000 tokens) at a paragraph break. */
  public static final int MAX_ARTICLE_CHARS = 12_000;

  static final String INSTRUCTIONS =
      """
      You condense articles for an email newsletter digest. Reply with one JSON object and \
      nothing else, in exactly this shape:
      {"quickSummary": ["...", "..."], "takeaways": ["...", "...", "..."]}
      quickSummary: 2 or 3 bullets that tell a busy reader what the article is about and what it \
      says. takeaways: 3 to 5 further bullets with the key facts, figures and conclusions, none \
      repeating a quickSummary bullet. Each bullet is one plain-text sentence of at most 30 \
      words, in the language of the article, and states only what the article states. No \
      Markdown, no bullet characters, no text before or after the JSON object.""";

  public LlmPrompt {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(user, "user");
  }

  /** The prompt for an article's title and plain text (cut to {@value #MAX_ARTICLE_CHARS} chars). */
  public static LlmPrompt forArticle(String title, String articleText) {
    String t = title == null ? "" : title.strip();
    String body = cut(articleText == null ? "" : articleText.strip());
    String user = t.isEmpty() ? "Article:\n\n" + body : "Title: " + t + "\n\nArticle:\n\n" + body;
    return new LlmPrompt(INSTRUCTIONS, user);
  }

  /**
   * SHA-256 (hex) of the prompt version, the model and both messages: the same article asked of the
   * same model with the same instructions has the same key, anything else a different one.
   */
  public String cacheKey(String model) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {VERSION, model, system, user}) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String cut(String text) {
    if (text.length() <= MAX_ARTICLE_CHARS) {
      return text;
    }
    int at = text.lastIndexOf("\n\n", MAX_ARTICLE_CHARS);
    if (at < MAX_ARTICLE_CHARS / 2) {
      at = text.lastIndexOf(' ', MAX_ARTICLE_CHARS);
    }
    if (at <= 0) {
      at = MAX_ARTICLE_CHARS;
    }
    return text.substring(0, at).strip() + "\n\n[...]";
  }
}
