package dev.digest.extract;

import dev.digest.feed.Article;
import java.util.Objects;

/**
 * An article ready to condense, whether its content came from the article page, and that content
 * cleaned and parsed once.
 *
 * @param fullText true when the content is the page's extracted main content, false when it is the
 *     feed's own (sanitized either way)
 * @param content the sanitized content (the article's {@code contentHtml}) as a document with its
 *     word count, for condensing and the reading time without another parse
 */
public record PreparedArticle(Article article, boolean fullText, CleanContent content) {

  public PreparedArticle {
    Objects.requireNonNull(article, "article");
    Objects.requireNonNull(content, "content");
    if (!content.html().equals(article.contentHtml())) {
      throw new IllegalArgumentException("content is not the article's: " + article.link());
    }
  }

  /** An article sanitized earlier (a draft's, a test's): its safe HTML is parsed here, once. */
  public static PreparedArticle ofSanitized(Article sanitized) {
    return new PreparedArticle(sanitized, false, CleanContent.ofSafeHtml(sanitized.contentHtml()));
  }
}
