package dev.digest.extract;

import java.util.Objects;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * An article's content after sanitizing, parsed once: the safe HTML, the same content as a
 * document, and its word count. The condense stage reads the document and the reading time the
 * count, so neither parses the article again (issue 16: a body was parsed four or five times on the
 * way to the mail).
 *
 * <p>The document is jsoup's and so mutable: readers must not change it (the condenser does not; it
 * works on a copy when it has to remove anything).
 *
 * @param html the sanitized HTML, as stored in the article's {@code contentHtml}
 * @param document {@code html} as a document: the tree the sanitizer built (never the untrusted
 *     one), or a parse of {@code html} where that tree could differ from one; its body holds the
 *     content
 * @param words the words of its text, split at white space (what the reading time counts)
 */
public record CleanContent(String html, Document document, int words) {

  public CleanContent {
    Objects.requireNonNull(html, "html");
    Objects.requireNonNull(document, "document");
    if (words < 0) {
      throw new IllegalArgumentException("words < 0: " + words);
    }
  }

  /**
   * The clean result of HTML that is safe already (sanitized earlier, e.g. stored in a draft),
   * parsed here once. On the send path {@link HtmlSanitizer#clean} makes it without this parse.
   */
  public static CleanContent ofSafeHtml(String safeHtml) {
    String html = safeHtml == null ? "" : safeHtml;
    Document doc = html.isBlank() ? Document.createShell("") : Jsoup.parse(html);
    doc.outputSettings().prettyPrint(false); // as the sanitizer writes it
    return new CleanContent(html, doc, wordsOf(doc));
  }

  /** Words of a document's body text, split at white space, as the reading time counts them. */
  static int wordsOf(Document doc) {
    String text = doc.body().text().trim();
    return text.isEmpty() ? 0 : text.split("\\s+").length;
  }
}
