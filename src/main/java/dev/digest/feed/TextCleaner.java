package dev.digest.feed;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.parser.Parser;

/** Small text helpers shared by the parsers: plain text from markup, absolute URLs, word counts. */
public final class TextCleaner {

  private TextCleaner() {}

  /**
   * Plain text of a title or name given as HTML (an RSS title, an Atom {@code type="html"} one):
   * markup and entities decoded once, whitespace collapsed. Once: {@code &lt;b&gt;} in the HTML is
   * the text "<b>", and a second decoding would read it as a tag and drop it.
   */
  public static String plainText(String markup) {
    if (markup == null || markup.isBlank()) {
      return "";
    }
    String text =
        markup.indexOf('<') >= 0 || markup.indexOf('&') >= 0
            ? Jsoup.parseBodyFragment(markup).text()
            : markup;
    return collapse(text);
  }

  /**
   * Plain text of a value that is text already (an Atom {@code type="text"} title): nothing in it
   * is read as a tag, so "a <b> tag" stays; character references are decoded, since publishers
   * escape such titles as if they were HTML more often than not.
   */
  public static String textValue(String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    return collapse(text.indexOf('&') >= 0 ? Parser.unescapeEntities(text, false) : text);
  }

  private static String collapse(String text) {
    return text.replace('\u00A0', ' ').replaceAll("\\s+", " ").trim();
  }

  /** Number of words in HTML or plain text. */
  public static int wordCount(String html) {
    if (html == null || html.isBlank()) {
      return 0;
    }
    String text =
        html.indexOf('<') >= 0 || html.indexOf('&') >= 0
            ? Jsoup.parseBodyFragment(html).text()
            : html;
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
