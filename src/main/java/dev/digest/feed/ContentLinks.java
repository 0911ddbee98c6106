package dev.digest.feed;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Makes the links and image sources of item HTML absolute against the base in effect. */
final class ContentLinks {

  private ContentLinks() {}

  static String absolutize(String html, String base) {
    // Parsing every item's HTML is the costliest part of a feed parse: only when needed.
    if (html.isEmpty()
        || !hasRelativeReference(html)
        || !TextCleaner.absoluteUrl(base, "x").isPresent()) {
      return html;
    }
    Document doc = Jsoup.parseBodyFragment(html, base);
    boolean changed = false;
    for (Element e : doc.select("[href], [src]")) {
      for (String attr : new String[] {"href", "src"}) {
        if (e.hasAttr(attr)) {
          String v = e.attr(attr).trim();
          if (v.isEmpty() || v.startsWith("#") || v.matches("(?i)^[a-z][a-z0-9+.-]*:.*")) {
            continue;
          }
          String abs = TextCleaner.absoluteUrl(base, v).orElse(v);
          if (!abs.equals(v)) {
            e.attr(attr, abs);
            changed = true;
          }
        }
      }
    }
    if (!changed) {
      return html;
    }
    doc.outputSettings().prettyPrint(false);
    return doc.body().html();
  }

  /**
   * True when some {@code href=} or {@code src=} value does not start with a scheme or '#'. A plain
   * scan, no regex: it runs over every item of every feed.
   */
  static boolean hasRelativeReference(String html) {
    int n = html.length();
    for (int i = html.indexOf('='); i >= 0; i = html.indexOf('=', i + 1)) {
      int k = i - 1;
      while (k >= 0 && html.charAt(k) == ' ') {
        k--;
      }
      if (!(endsWithIgnoreCase(html, k, "href") || endsWithIgnoreCase(html, k, "src"))) {
        continue;
      }
      int v = i + 1;
      while (v < n && (html.charAt(v) == ' ' || html.charAt(v) == '"' || html.charAt(v) == '\'')) {
        v++;
      }
      if (v >= n || html.charAt(v) == '#') {
        continue;
      }
      int c = v;
      while (c < n && c - v < 32) {
        char ch = html.charAt(c);
        if (!(Character.isLetterOrDigit(ch) || ch == '+' || ch == '.' || ch == '-')) {
          break;
        }
        c++;
      }
      boolean hasScheme =
          c < n && c > v && html.charAt(c) == ':' && Character.isLetter(html.charAt(v));
      if (!hasScheme) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWithIgnoreCase(String s, int lastIndex, String word) {
    int start = lastIndex - word.length() + 1;
    return start >= 0
        && s.regionMatches(true, start, word, 0, word.length())
        && (start == 0 || !isNameChar(s.charAt(start - 1)));
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == ':' || c == '.';
  }
}
