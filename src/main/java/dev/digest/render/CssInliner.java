package dev.digest.render;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlunit.cssparser.dom.AbstractCSSRuleImpl;
import org.htmlunit.cssparser.dom.CSSStyleRuleImpl;
import org.htmlunit.cssparser.dom.CSSStyleSheetImpl;
import org.htmlunit.cssparser.dom.Property;
import org.htmlunit.cssparser.parser.CSSErrorHandler;
import org.htmlunit.cssparser.parser.CSSException;
import org.htmlunit.cssparser.parser.CSSOMParser;
import org.htmlunit.cssparser.parser.CSSParseException;
import org.htmlunit.cssparser.parser.InputSource;
import org.htmlunit.cssparser.parser.selector.Selector;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Selector.SelectorParseException;

/**
 * Moves the rules of a document's {@code <style>} elements into {@code style} attributes, because
 * Gmail and Outlook drop or ignore much of a head stylesheet. Rules are applied in cascade order
 * (importance, specificity, source order; an element's own {@code style} wins over the sheet);
 * {@code @media} blocks stay in one {@code <style>} element in the head, as they cannot be inlined.
 * Selectors with pseudo-classes or pseudo-elements (which cannot be matched statically) are kept in
 * the style element too. Stateless and thread-safe.
 */
final class CssInliner {

  private static final Pattern ID = Pattern.compile("#[\\w-]+");
  private static final Pattern CLASS_ATTR = Pattern.compile("\\.[\\w-]+|\\[[^\\]]*\\]");
  private static final Pattern PSEUDO = Pattern.compile(":{1,2}[\\w-]+");
  private static final Pattern RGB = Pattern.compile("rgb\\((\\d{1,3}), (\\d{1,3}), (\\d{1,3})\\)");
  private static final Pattern TYPE = Pattern.compile("(?:^|[\\s>+~(])([a-zA-Z][\\w-]*)");

  /** The last stylesheet parsed: the template's CSS rarely changes between renders. */
  private volatile Parsed cache;

  /** Inlines in place. */
  void inline(Document doc) {
    List<Rule> rules = new ArrayList<>();
    StringBuilder kept = new StringBuilder();
    for (Element style : doc.select("style")) {
      Parsed parsed = parsed(style.data());
      for (Rule r : parsed.rules) {
        rules.add(new Rule(r.selector, r.specificity, rules.size(), r.declarations));
      }
      kept.append(parsed.kept);
      style.remove();
    }
    apply(doc, rules);
    if (kept.length() > 0) {
      doc.head().appendElement("style").appendChild(new org.jsoup.nodes.DataNode(kept.toString()));
    }
  }

  private Parsed parsed(String css) {
    Parsed p = cache;
    if (p != null && p.css.equals(css)) {
      return p;
    }
    List<Rule> rules = new ArrayList<>();
    StringBuilder kept = new StringBuilder();
    CSSStyleSheetImpl sheet = parse(css);
    for (AbstractCSSRuleImpl rule : sheet.getCssRules().getRules()) {
      if (rule instanceof CSSStyleRuleImpl) {
        CSSStyleRuleImpl styleRule = (CSSStyleRuleImpl) rule;
        for (Selector selector : styleRule.getSelectors()) {
          String text = selector.toString();
          if (PSEUDO.matcher(text).find()) {
            kept.append(text)
                .append(" { ")
                .append(styleRule.getStyle().getCssText())
                .append(" }\n");
          } else {
            List<Declared> declarations = new ArrayList<>();
            for (Property prop : styleRule.getStyle().getProperties()) {
              declarations.add(
                  new Declared(
                      prop.getName().toLowerCase(Locale.ROOT),
                      compact(prop.getValue().getCssText()),
                      prop.isImportant(),
                      0,
                      0));
            }
            rules.add(new Rule(text, specificity(text), rules.size(), List.copyOf(declarations)));
          }
        }
      }
      // @media blocks are copied verbatim below (the parser's re-serialization is noisier);
      // @charset, @import, @font-face, @page are dropped: mail clients ignore them or worse.
    }
    for (String media : mediaBlocks(css)) {
      kept.append(media).append('\n');
    }
    p = new Parsed(css, List.copyOf(rules), kept.toString());
    cache = p;
    return p;
  }

  private record Parsed(String css, List<Rule> rules, String kept) {}

  private static CSSStyleSheetImpl parse(String css) {
    CSSOMParser parser = new CSSOMParser();
    parser.setErrorHandler(new StrictErrors());
    try {
      return parser.parseStyleSheet(new InputSource(new StringReader(css)), null);
    } catch (IOException e) {
      throw new IllegalStateException("reading CSS from a string failed", e);
    }
  }

  private static void apply(Document doc, List<Rule> rules) {
    Map<Element, List<Declared>> byElement = new IdentityHashMap<>();
    List<Element> order = new ArrayList<>();
    for (Rule rule : rules) {
      List<Element> matched;
      try {
        matched = doc.body().parent().select(rule.selector);
      } catch (SelectorParseException e) {
        continue; // a selector jsoup cannot evaluate matches nothing we could style inline
      }
      for (Element el : matched) {
        List<Declared> list = byElement.get(el);
        if (list == null) {
          list = new ArrayList<>();
          byElement.put(el, list);
          order.add(el);
        }
        for (Declared d : rule.declarations) {
          list.add(new Declared(d.name, d.value, d.important, rule.specificity, rule.order));
        }
      }
    }
    Comparator<Declared> cascade =
        Comparator.comparing((Declared d) -> d.important)
            .thenComparingInt(d -> d.specificity)
            .thenComparingInt(d -> d.order);
    for (Element el : order) {
      List<Declared> list = byElement.get(el);
      list.sort(cascade);
      Map<String, String> merged = new LinkedHashMap<>();
      for (Declared d : list) {
        merged.remove(d.name); // keep the winner's position last-wins, in cascade order
        merged.put(d.name, d.value);
      }
      // The element's own style attribute beats the sheet (except sheet !important).
      String own = el.attr("style");
      if (!own.isBlank()) {
        for (String decl : own.split(";")) {
          int colon = decl.indexOf(':');
          if (colon > 0) {
            String name = decl.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            boolean sheetImportant =
                list.stream().anyMatch(d -> d.important && d.name.equals(name));
            if (!sheetImportant) {
              merged.remove(name);
              merged.put(name, decl.substring(colon + 1).trim());
            }
          }
        }
      }
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, String> e : merged.entrySet()) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(e.getKey()).append(": ").append(e.getValue());
      }
      el.attr("style", sb.toString());
    }
  }

  /**
   * The parser writes colours as {@code rgb(r, g, b)} and strings in double quotes; back to hex and
   * single quotes, which are shorter and need no {@code &quot;} inside a style attribute.
   */
  static String compact(String value) {
    Matcher m = RGB.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          sb,
          String.format(
              Locale.ROOT,
              "#%02x%02x%02x",
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3))));
    }
    m.appendTail(sb);
    String s = sb.toString();
    return s.indexOf('\'') < 0 ? s.replace('"', '\'') : s;
  }

  /** Top-level {@code @media} blocks of a stylesheet, as written (comments and strings skipped). */
  static List<String> mediaBlocks(String css) {
    List<String> blocks = new ArrayList<>();
    int i = 0;
    int n = css.length();
    while (i < n) {
      char c = css.charAt(i);
      if (c == '/' && i + 1 < n && css.charAt(i + 1) == '*') {
        int end = css.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '"' || c == '\'') {
        i = skipString(css, i);
      } else if (c == '{') {
        i = skipBlock(css, i);
      } else if (css.startsWith("@media", i)) {
        int open = css.indexOf('{', i);
        if (open < 0) {
          break;
        }
        int end = skipBlock(css, open);
        blocks.add(css.substring(i, end).strip());
        i = end;
      } else {
        i++;
      }
    }
    return blocks;
  }

  /** From an opening brace to just past its matching closing brace. */
  private static int skipBlock(String css, int open) {
    int depth = 0;
    int i = open;
    int n = css.length();
    while (i < n) {
      char c = css.charAt(i);
      if (c == '/' && i + 1 < n && css.charAt(i + 1) == '*') {
        int end = css.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        continue;
      }
      if (c == '"' || c == '\'') {
        i = skipString(css, i);
        continue;
      }
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
      i++;
    }
    return n;
  }

  private static int skipString(String css, int start) {
    char quote = css.charAt(start);
    int i = start + 1;
    while (i < css.length() && css.charAt(i) != quote) {
      i += css.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(i + 1, css.length());
  }

  /** (ids, classes + attributes + pseudo-classes, types) packed into one comparable int. */
  static int specificity(String selector) {
    int ids = count(ID, selector);
    int classes = count(CLASS_ATTR, selector) + count(PSEUDO, selector);
    String withoutBrackets =
        selector.replaceAll("\\[[^\\]]*\\]", "").replaceAll("[.#:][\\w-]+", "");
    int types = 0;
    Matcher m = TYPE.matcher(withoutBrackets);
    while (m.find()) {
      types++;
    }
    return ids * 10_000 + classes * 100 + types;
  }

  private static int count(Pattern p, String s) {
    Matcher m = p.matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private record Rule(String selector, int specificity, int order, List<Declared> declarations) {}

  private record Declared(
      String name, String value, boolean important, int specificity, int order) {}

  /** A template author's CSS typo should fail the render loudly, not silently lose styles. */
  private static final class StrictErrors implements CSSErrorHandler {
    @Override
    public void warning(CSSParseException e) throws CSSException {}

    @Override
    public void error(CSSParseException e) throws CSSException {
      throw new RenderException(
          "CSS error in digest.html <style> at line " + e.getLineNumber() + ": " + e.getMessage(),
          e);
    }

    @Override
    public void fatalError(CSSParseException e) throws CSSException {
      error(e);
    }
  }
}
