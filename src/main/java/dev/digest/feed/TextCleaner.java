package dev.digest.feed;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;

/** Small text helpers shared by the parsers: plain text from markup, absolute URLs, word counts. */
public final class TextCleaner {

  private TextCleaner() {}

  /** Plain text of a title or name that may carry markup and entities, whitespace collapsed. */
  public static String plainText(String markup) {
    if (markup == null || markup.isBlank()) {
      return "";
    }
    String text = markup;
    // Decode twice at most: feeds double-escape titles ("&amp;amp;") more often than not.
    for (int i = 0; i < 2 && (text.indexOf('<') >= 0 || text.indexOf('&') >= 0); i++) {
      String next = Jsoup.parseBodyFragment(text).text();
      if (next.equals(text)) {
        break;
      }
      text = next;
    }
    return text.replace('\u00A0', ' ').replaceAll("\\s+", " ").trim();
  }

  /** Number of words in HTML or plain text. */
  public static int wordCount(String html) {
    if (html == null || html.isBlank()) {
      return 0;
    }
    String text = html.indexOf('<') >= 0 || html.indexOf('&') >= 0
        ? Jsoup.parseBodyFragment(html).text() : html;
    int count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean letter = Character.isLetterOrDigit(text.charAt(i));
      if (letter && !inWord) {
        count++;
      }
      inWord = letter;
    }
    return count;
  }

  /** {@code ref} resolved against {@code base}; empty when it cannot be made absolute. */
  public static Optional<String> absoluteUrl(String base, String ref) {
    if (ref == null || ref.isBlank()) {
      return Optional.empty();
    }
    String r = ref.trim().replace(" ", "%20");
    try {
      URI uri = new URI(r);
      if (uri.isAbsolute()) {
        return Optional.of(uri.toString());
      }
      if (base == null || base.isBlank()) {
        return Optional.empty();
      }
      URI resolved = new URI(base.trim().replace(" ", "%20")).resolve(uri);
      return resolved.isAbsolute() ? Optional.of(resolved.toString()) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  static boolean isHttpUrl(String url) {
    String u = url == null ? "" : url.toLowerCase(Locale.ROOT);
    return u.startsWith("http://") || u.startsWith("https://");
  }

  /** HTML for plain text: escaped, paragraphs kept. */
  static String textToHtml(String text) {
    StringBuilder b = new StringBuilder();
    for (String para : text.trim().split("\\n\\s*\\n")) {
      if (!para.isBlank()) {
        b.append("<p>")
            .append(org.jsoup.nodes.Entities.escape(para.trim()).replace("\n", "<br>"))
            .append("</p>");
      }
    }
    return b.toString();
  }
}
