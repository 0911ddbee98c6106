package dev.digest.extract;

import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.Elements;

/**
 * Cleans untrusted feed HTML with an allow-list: no script, style, iframe, form, event handlers or
 * javascript:/data: URLs; relative links made absolute. Thread-safe.
 */
public final class HtmlSanitizer {

  private final Safelist safelist;

  public HtmlSanitizer() {
    // relaxed() allows only http(s)/ftp/mailto links and http(s) images, no style attributes, no
    // script/style/iframe/form/svg: anything not listed is dropped, so new vectors fail closed.
    // The structural tags and class/id are kept for the condenser, which finds an author's
    // summary box by them (<aside class="key-takeaways">) and skips nav and footer text; the safe
    // HTML feeds only the condenser and the reading time: an edition's items are plain text, so
    // no class or id of a feed reaches a mail or a page.
    this.safelist =
        Safelist.relaxed()
            .addTags("figure", "figcaption", "hr", "abbr", "s", "del", "ins", "mark", "time")
            .addTags("article", "section", "aside", "header", "footer", "nav", "main")
            .addTags("details", "summary")
            .addAttributes(":all", "class", "id")
            .addAttributes("abbr", "title")
            .addAttributes("time", "datetime")
            .addAttributes("td", "align")
            .addAttributes("th", "align")
            .removeProtocols("a", "href", "ftp")
            .preserveRelativeLinks(false);
  }

  /** Returns safe HTML for the body of a mail or page; {@code baseUri} resolves relative links. */
  public String sanitize(String html, String baseUri) {
    return clean(html, baseUri).html();
  }

  /**
   * As {@link #sanitize}, with the cleaned tree and its word count: what the condenser and the
   * reading time read instead of parsing the safe HTML again. The document is the one the cleaner
   * built from the allowed nodes only; it has the shape a parse of the returned HTML gives.
   */
  public CleanContent clean(String html, String baseUri) {
    if (html == null || html.isBlank()) {
      return CleanContent.ofSafeHtml("");
    }
    return clean(Jsoup.parseBodyFragment(html, baseUri == null ? "" : baseUri));
  }

  /**
   * {@link #clean}'s result and the number of words of the untrusted input as {@link
   * dev.digest.feed.TextCleaner#wordCount} counts them (runs of letters and digits), from the one
   * parse: the preparer's teaser test needs the count of what it then sanitizes.
   */
  record Counted(CleanContent clean, int inputWords) {}

  Counted cleanCounting(String html, String baseUri) {
    if (html == null || html.isBlank()) {
      return new Counted(CleanContent.ofSafeHtml(""), 0);
    }
    Document dirty = Jsoup.parseBodyFragment(html, baseUri == null ? "" : baseUri);
    int words = letterRuns(dirty.body().text());
    return new Counted(clean(dirty), words);
  }

  private CleanContent clean(Document dirty) {
    // Lazy-loaded images carry the real URL in data-src; take it before the cleaner drops it.
    for (Element img : dirty.select("img[data-src]")) {
      if (img.attr("src").isBlank()
          || img.attr("src").toLowerCase(Locale.ROOT).startsWith("data:")) {
        img.attr("src", img.attr("data-src"));
      }
    }
    boolean lifts = liftsElements(dirty.body());
    Document clean = new Cleaner(safelist).clean(dirty);
    // An image without a usable source is noise in a mail.
    clean.select("img:not([src])").remove();
    Elements bare = clean.select("a:not([href])");
    lifts |= bare.stream().anyMatch(a -> a.childrenSize() > 0);
    bare.unwrap();
    BlockSeparation.apply(clean.body());
    clean.outputSettings().prettyPrint(false);
    String safe = clean.body().html().trim();
    if (lifts) {
      // Elements lifted out of a dropped one may sit where a parser would not put them (an li
      // straight in an li once the section between went); the condenser reads a parse of the safe
      // HTML, as it always has. Not the case for most feed content.
      return CleanContent.ofSafeHtml(safe);
    }
    asParsed(clean.body());
    return new CleanContent(safe, clean, CleanContent.wordsOf(clean));
  }

  /** True when the cleaner is to drop an element with elements in it (it keeps its children). */
  private boolean liftsElements(Element body) {
    for (Element el : body.getAllElements()) {
      if (el != body && el.childrenSize() > 0 && !safelist.isSafeTag(el.normalName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Brings the cleaned body to the shape a parse of its HTML has, which the condenser was tuned on
   * (and its golden files hold): one text node where dropped or unwrapped elements left several
   * side by side ("a" + "b" of {@code a<font>b</font>}), no line feed opening a {@code pre}, and no
   * white space at the ends of the body, which {@link #sanitize} trims off the HTML.
   */
  private static void asParsed(Element body) {
    for (Element el : body.getAllElements()) {
      Node n = el.firstChild();
      while (n != null) {
        Node next = n.nextSibling();
        if (n instanceof TextNode t && next instanceof TextNode u) {
          t.text(t.getWholeText() + u.getWholeText());
          u.remove();
          continue;
        }
        n = next;
      }
    }
    // A parser drops the line feed right after <pre> (HTML's "in body" rules).
    for (Element pre : body.getElementsByTag("pre")) {
      if (pre.firstChild() instanceof TextNode t && t.getWholeText().startsWith("\n")) {
        if (t.getWholeText().length() == 1) {
          t.remove();
        } else {
          t.text(t.getWholeText().substring(1));
        }
      }
    }
    if (body.firstChild() instanceof TextNode first) {
      trimEnd(first, true);
    }
    if (body.lastChild() instanceof TextNode last) {
      trimEnd(last, false);
    }
  }

  /** Words as runs of letters and digits ("co-op" is two), as TextCleaner counts them. */
  private static int letterRuns(String text) {
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

  /** {@link String#trim}'s white space (up to U+0020) off one end; an emptied node goes. */
  private static void trimEnd(TextNode t, boolean leading) {
    String s = t.getWholeText();
    int from = 0;
    int to = s.length();
    if (leading) {
      while (from < to && s.charAt(from) <= ' ') {
        from++;
      }
    } else {
      while (to > from && s.charAt(to - 1) <= ' ') {
        to--;
      }
    }
    if (from == to) {
      t.remove();
    } else if (from > 0 || to < s.length()) {
      t.text(s.substring(from, to));
    }
  }
}
