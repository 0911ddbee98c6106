package dev.digest.feed;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Makes the links and image sources of item HTML absolute against the base in effect. */
final class ContentLinks {

  private ContentLinks() {}

  static String absolutize(String html, String base) {
    if (html.isEmpty() || (!html.contains("href") && !html.contains("src"))
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
}
