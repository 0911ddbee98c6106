package dev.digest.extract;

import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Cleans untrusted feed HTML with an allow-list: no script, style, iframe, form, event handlers or
 * javascript:/data: URLs; relative links made absolute. Thread-safe.
 */
public final class HtmlSanitizer {

  private final Safelist safelist;

  public HtmlSanitizer() {
    // relaxed() allows only http(s)/ftp/mailto links and http(s) images, no style attributes, no
    // script/style/iframe/form/svg: anything not listed is dropped, so new vectors fail closed.
    this.safelist = Safelist.relaxed()
        .addTags("figure", "figcaption", "hr", "abbr", "s", "del", "ins", "mark", "time")
        .addAttributes("abbr", "title")
        .addAttributes("time", "datetime")
        .addAttributes("td", "align")
        .addAttributes("th", "align")
        .removeProtocols("a", "href", "ftp")
        .preserveRelativeLinks(false);
  }

  /** Returns safe HTML for the body of a mail or page; {@code baseUri} resolves relative links. */
  public String sanitize(String html, String baseUri) {
    if (html == null || html.isBlank()) {
      return "";
    }
    String base = baseUri == null ? "" : baseUri;
    Document dirty = Jsoup.parseBodyFragment(html, base);
    // Lazy-loaded images carry the real URL in data-src; take it before the cleaner drops it.
    for (Element img : dirty.select("img[data-src]")) {
      if (img.attr("src").isBlank() || img.attr("src").toLowerCase(Locale.ROOT).startsWith("data:")) {
        img.attr("src", img.attr("data-src"));
      }
    }
    Document clean = new Cleaner(safelist).clean(dirty);
    // An image without a usable source is noise in a mail.
    clean.select("img:not([src])").remove();
    clean.select("a:not([href])").unwrap();
    clean.outputSettings().prettyPrint(false);
    return clean.body().html().trim();
  }
}
