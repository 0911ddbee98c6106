package dev.digest.condense;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * The prose blocks of an HTML document in reading order, without navigation, captions, forms and
 * link lists, and without the elements an author's summary section already used.
 */
final class HtmlParagraphs {

  private static final Set<String> BLOCKS =
      Set.of("p", "li", "blockquote", "dd", "td", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dt");
  private static final Set<String> SKIP =
      Set.of(
          "nav",
          "footer",
          "aside",
          "menu",
          "form",
          "figure",
          "figcaption",
          "caption",
          "script",
          "style",
          "noscript",
          "template",
          "button",
          "select",
          "iframe",
          "svg",
          "header",
          "time");

  private HtmlParagraphs() {}

  static List<Paragraph> of(Element root, Map<Element, Boolean> used) {
    List<Paragraph> out = new ArrayList<>();
    walk(root, used, out);
    return out;
  }

  private static void walk(Element el, Map<Element, Boolean> used, List<Paragraph> out) {
    if (used.containsKey(el) || SKIP.contains(el.tagName()) || boilerplateContainer(el)) {
      return;
    }
    String tag = el.tagName();
    if (BLOCKS.contains(tag) && !containsBlock(el)) {
      String text = el.text().trim();
      if (!text.isEmpty() && linkDensity(el, text) < 0.5) {
        out.add(new Paragraph(text, tag.length() == 2 && tag.charAt(0) == 'h' || tag.equals("dt")));
      }
      return;
    }
    StringBuilder loose = new StringBuilder();
    for (Node child : el.childNodes()) {
      if (child instanceof TextNode t) {
        loose.append(t.text());
      } else if (child instanceof Element c) {
        if (isInline(c)) {
          loose.append(c.text());
        } else {
          flush(loose, out);
          walk(c, used, out);
        }
      }
    }
    flush(loose, out);
  }

  private static void flush(StringBuilder loose, List<Paragraph> out) {
    String text = loose.toString().trim();
    if (!text.isEmpty()) {
      out.add(new Paragraph(text, false));
    }
    loose.setLength(0);
  }

  private static boolean isInline(Element el) {
    return !el.isBlock() && !el.tagName().equals("br") && !SKIP.contains(el.tagName());
  }

  private static boolean containsBlock(Element el) {
    for (Element d : el.getAllElements()) {
      if (d != el && (BLOCKS.contains(d.tagName()) || d.tagName().equals("div"))) {
        return true;
      }
    }
    return false;
  }

  private static double linkDensity(Element el, String text) {
    int linked = 0;
    for (Element a : el.select("a")) {
      linked += a.text().length();
    }
    return text.isEmpty() ? 0 : (double) linked / text.length();
  }

  private static boolean boilerplateContainer(Element el) {
    String names = (el.className() + " " + el.id()).toLowerCase(java.util.Locale.ROOT);
    return BOILERPLATE_NAMES.matcher(names).find();
  }

  private static final Pattern BOILERPLATE_NAMES =
      Pattern.compile(
          "\\b(share|sharing|social|newsletter|subscribe|cookie|consent|related|comments?|byline|caption|advert|ad-slot|promo|sidebar|breadcrumbs?)\\b");
}
