package dev.digest.extract;

import dev.digest.feed.Article;

/**
 * An article ready to condense, and whether its content came from the article page.
 *
 * @param fullText true when the content is the page's extracted main content, false when it is the
 *     feed's own (sanitized either way)
 */
public record PreparedArticle(Article article, boolean fullText) {}
