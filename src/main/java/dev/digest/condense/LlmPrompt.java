package dev.digest.condense;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The two chat messages that ask a language model for an article's quick summary and key takeaways
 * ({@code system}: the instructions and the reply shape {@link LlmReply} accepts; {@code user}: the
 * title and the article's prose), and the cache key of that request. When the author wrote one of
 * the two lists, the model is shown it and asked to complement it: only its other list is used,
 * next to the author's (method {@code llm-mixed}). Build it with {@link Condenser#llmPrompt}. Pure.
 */
public record LlmPrompt(String system, String user) {

  /**
   * Bump when the instructions change, so that replies to the old wording are not reused. 2: the
   * author's own list is shown in the prompt of a mixed article.
   */
  static final String VERSION = "digest-condense-llm-2";

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

  /**
   * Added to the instructions when the author wrote the quick summary: the model's takeaways are
   * used.
   */
  static final String COMPLEMENT_QUICK_SUMMARY =
      """
      The author's own quick summary of this article comes before the article. It is published \
      as written, followed by your takeaways: do not repeat or reword any of its bullets in your \
      takeaways; make them add the facts, figures and conclusions it leaves out.""";

  /**
   * Added to the instructions when the author wrote the takeaways: the model's quickSummary is
   * used.
   */
  static final String COMPLEMENT_TAKEAWAYS =
      """
      The author's own key takeaways of this article come before the article. They are published \
      as written, after your quickSummary: do not repeat or reword any of them in your \
      quickSummary; say what the article is about and leave the details to them.""";

  public LlmPrompt {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(user, "user");
  }

  /**
   * The prompt for an article's title and plain text (cut to {@value #MAX_ARTICLE_CHARS} chars).
   */
  public static LlmPrompt forArticle(String title, String articleText) {
    return new LlmPrompt(INSTRUCTIONS, user(title, "", articleText));
  }

  /**
   * The prompt for an article whose author wrote one of the two lists ({@code authorKind}): the
   * model sees the author's bullets, labelled as theirs, so that the list it writes complements
   * them instead of repeating them. The reply shape is unchanged (both lists).
   */
  static LlmPrompt complementing(
      String title, String articleText, SectionKind authorKind, List<String> authorBullets) {
    boolean quick = authorKind == SectionKind.QUICK_SUMMARY;
    StringBuilder author =
        new StringBuilder(
            quick ? "The author's quick summary:\n" : "The author's key takeaways:\n");
    for (String b : authorBullets) {
      author.append("- ").append(b).append('\n');
    }
    author.append('\n');
    String system = INSTRUCTIONS + "\n" + (quick ? COMPLEMENT_QUICK_SUMMARY : COMPLEMENT_TAKEAWAYS);
    return new LlmPrompt(system, user(title, author.toString(), articleText));
  }

  /** The title, then {@code author} (the author's own list, or nothing), then the article. */
  private static String user(String title, String author, String articleText) {
    String t = title == null ? "" : title.strip();
    String body = cut(articleText == null ? "" : articleText.strip());
    return (t.isEmpty() ? "" : "Title: " + t + "\n\n") + author + "Article:\n\n" + body;
  }

  /**
   * SHA-256 (hex) of the prompt version, the model and both messages: the same article asked of the
   * same model with the same instructions has the same key, anything else a different one.
   */
  public String cacheKey(String model) {
    return cacheKey(VERSION, model);
  }

  /** The key as prompt {@code version} made it: for tests that old versions' keys differ. */
  String cacheKey(String version, String model) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {version, model, system, user}) {
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
