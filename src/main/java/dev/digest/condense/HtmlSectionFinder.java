package dev.digest.condense;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Finds an author's summary sections in HTML: a heading ({@code h1}-{@code h6}, or an element whose
 * whole text is a heading such as a bold paragraph), a bold lead-in paragraph ({@code <p><strong>
 * TL;DR:</strong> ...}), or a block whose class or id names it ({@code key-takeaways}, {@code
 * tldr}, {@code summary-box}). A section ends at the next heading-like element.
 */
final class HtmlSectionFinder {

  private static final Set<String> HEADINGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6");
  private static final Set<String> OFF_ARTICLE =
      Set.of("nav", "footer", "aside", "menu", "form", "a", "button", "select", "option", "label");

  /** A summary box is often an aside: only navigation and controls rule a class block out. */
  private static final Set<String> NOT_FOR_CLASS_BLOCKS =
      Set.of("nav", "footer", "menu", "form", "a", "button", "select", "option", "label");

  private static final Set<String> HEADING_CANDIDATES =
      Set.of("div", "span", "p", "strong", "b", "dt", "header", "section", "summary", "em");

  /** Class/id words that are too generic alone ("summary" marks excerpts on listing pages). */
  private static final Set<String> TOO_GENERIC_FOR_CLASS =
      Set.of("summary", "brief", "highlights", "gist", "overview", "claves", "resume", "resumen");

  private static final Set<String> CLASS_SUFFIXES =
      Set.of("box", "block", "section", "list", "container", "wrapper", "wrap", "module", "panel");

  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern SEPARATORS = Pattern.compile("[-_]+");

  private static final int MAX_SIBLINGS = 15;
  private static final int MAX_BLOCK_WORDS = 250;
  private static final int MAX_PARAGRAPH_WORDS = 60;

  private final HeadingVocabulary vocabulary;

  HtmlSectionFinder(HeadingVocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  /** Sections found in document order, the first of each kind; marks the elements they used. */
  List<FoundSection> find(Element root, Map<Element, Boolean> used) {
    List<FoundSection> found = new ArrayList<>();
    scan(
        root,
        used,
        hit -> {
          FoundSection s = hit.section();
          if (found.stream().noneMatch(f -> f.kind() == s.kind())) {
            found.add(s);
          }
          return found.size() < 2;
        });
    return found;
  }

  /**
   * The elements that hold every author's summary section in {@code root}, in document order: for
   * each section, the box whose class names it, the lead-in paragraph, or the heading with the
   * blocks its bullets came from. Navigation under a summary-like heading is not one. {@code root}
   * is not changed.
   */
  List<List<Element>> blocks(Element root) {
    List<List<Element>> out = new ArrayList<>();
    scan(
        root,
        newUsedMap(),
        hit -> {
          out.add(hit.elements());
          return true;
        });
    return out;
  }

  /** A section and the elements it was read from. */
  private record Hit(FoundSection section, List<Element> elements) {}

  /** Calls {@code onHit} for each section with bullets, in document order, while it says go on. */
  private void scan(Element root, Map<Element, Boolean> used, Predicate<Hit> onHit) {
    for (Element el : root.getAllElements()) {
      if (used.containsKey(el) || insideUsed(el, used) || offArticle(el, NOT_FOR_CLASS_BLOCKS)) {
        continue;
      }
      Optional<Hit> section = byClass(el, used);
      if (section.isEmpty() && offArticle(el, OFF_ARTICLE)) {
        continue;
      }
      if (section.isEmpty()) {
        section = byLeadIn(el, used);
      }
      if (section.isEmpty()) {
        section = byHeading(el, used);
      }
      if (section.isPresent()
          && !section.get().section().bullets().isEmpty()
          && !onHit.test(section.get())) {
        return;
      }
    }
  }

  private Optional<Hit> byClass(Element el, Map<Element, Boolean> used) {
    if (!el.hasAttr("class") && !el.hasAttr("id")) {
      return Optional.empty(); // most elements of a page: no need to split names
    }
    Optional<SectionKind> kind = Optional.empty();
    String name = "";
    for (String token : SPACES.split(el.className() + " " + el.id())) {
      String words = SEPARATORS.matcher(token.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
      String[] parts = words.split(" ");
      if (parts.length > 1 && CLASS_SUFFIXES.contains(parts[parts.length - 1])) {
        words = words.substring(0, words.lastIndexOf(' '));
      }
      if (words.isEmpty() || (TOO_GENERIC_FOR_CLASS.contains(words) && parts.length == 1)) {
        continue;
      }
      kind = vocabulary.match(words);
      if (kind.isPresent()) {
        name = token;
        break;
      }
    }
    if (kind.isEmpty() || el.text().isBlank() || Bullets.words(el.text()) > MAX_BLOCK_WORDS) {
      return Optional.empty(); // a wrapper around the whole article is not a summary box
    }
    List<String> bullets = new ArrayList<>();
    List<Element> items = el.select("li");
    if (!items.isEmpty()) {
      for (Element li : items) {
        if (li.selectFirst("li") == li && li.select("li").size() == 1) {
          addText(bullets, li.text());
        }
      }
    } else {
      List<Element> paragraphs = el.select("p");
      if (paragraphs.isEmpty()) {
        bullets.addAll(Bullets.fromParagraph(withoutHeading(el)));
      }
      for (Element p : paragraphs) {
        if (!isHeadingLike(p)) {
          String text = leadInRest(p).orElse(p.text());
          bullets.addAll(Bullets.fromParagraph(text));
        }
      }
    }
    if (listsOtherStories(List.of(el), bullets.size())) {
      markUsed(el, used); // navigation: not prose to pick sentences from either
      return Optional.empty();
    }
    markUsed(el, used);
    return Optional.of(new Hit(new FoundSection(kind.get(), name, "class", bullets), List.of(el)));
  }

  private String withoutHeading(Element el) {
    Element copy = el.clone();
    for (Element child : copy.children()) {
      if (isHeadingLike(child)) {
        child.remove();
      }
    }
    return copy.text();
  }

  private Optional<Hit> byLeadIn(Element el, Map<Element, Boolean> used) {
    if (!(el.tagName().equals("p") || el.tagName().equals("div") || el.tagName().equals("li"))) {
      return Optional.empty();
    }
    Element bold = firstBold(el);
    if (bold == null) {
      return Optional.empty();
    }
    Optional<SectionKind> kind = vocabulary.match(bold.text());
    String rest =
        Bullets.afterLeadIn(
            el.text().substring(Math.min(el.text().length(), bold.text().length())));
    if (kind.isEmpty() || rest.isEmpty() || !el.text().startsWith(bold.text())) {
      return Optional.empty();
    }
    markUsed(el, used);
    return Optional.of(
        new Hit(
            new FoundSection(kind.get(), bold.text(), "bold-lead-in", Bullets.fromParagraph(rest)),
            List.of(el)));
  }

  private Optional<String> leadInRest(Element p) {
    Element bold = firstBold(p);
    if (bold == null
        || vocabulary.match(bold.text()).isEmpty()
        || !p.text().startsWith(bold.text())) {
      return Optional.empty();
    }
    return Optional.of(Bullets.afterLeadIn(p.text().substring(bold.text().length())));
  }

  /** The strong/b element that opens {@code el}, if its first non-blank content is bold. */
  private static Element firstBold(Element el) {
    for (Node node : el.childNodes()) {
      if (node instanceof TextNode t) {
        if (t.isBlank()) {
          continue;
        }
        return null;
      }
      if (node instanceof Element child) {
        String tag = child.tagName();
        if (tag.equals("strong") || tag.equals("b")) {
          return child;
        }
        if (tag.equals("span") || tag.equals("em")) {
          Element inner = firstBold(child);
          if (inner != null && child.text().equals(inner.text())) {
            return inner;
          }
        }
        return null;
      }
    }
    return null;
  }

  private Optional<Hit> byHeading(Element el, Map<Element, Boolean> used) {
    String tag = el.tagName();
    boolean heading = HEADINGS.contains(tag);
    if ((!heading && !HEADING_CANDIDATES.contains(tag))
        || longerThan(el, HeadingVocabulary.MAX_HEADING_CHARS)) {
      return Optional.empty();
    }
    String text = el.text();
    Optional<SectionKind> kind = vocabulary.match(text);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    Element parent = el.parent();
    if (!heading
        && parent != null
        && !HEADINGS.contains(parent.tagName())
        && HeadingVocabulary.normalize(parent.text()).equals(HeadingVocabulary.normalize(text))) {
      return Optional.empty(); // the wrapper is the heading: we meet it first
    }
    List<String> bullets = new ArrayList<>();
    List<Element> taken = new ArrayList<>();
    Element anchor = el;
    int seen = 0;
    boolean tookList = false;
    int paragraphs = 0;
    int introBullets = 0; // bullets of the last paragraph when it ends with ':' (a list's intro)
    outer:
    while (anchor != null && seen < MAX_SIBLINGS) {
      Element next = anchor.nextElementSibling();
      while (next == null) {
        if (!bullets.isEmpty()) {
          break outer; // the box that holds the heading and its bullets ends here
        }
        anchor = anchor.parent();
        if (anchor == null
            || anchor.tagName().equals("body")
            || anchor.tagName().equals("article")) {
          break outer;
        }
        next = anchor.nextElementSibling();
      }
      anchor = next;
      seen++;
      if (next.text().isBlank() || skippable(next)) {
        continue;
      }
      if (isHeadingLike(next)
          || (!next.select("h1, h2, h3, h4, h5, h6").isEmpty() && bullets.size() > 0)) {
        break;
      }
      List<Element> items = listItems(next);
      if (!items.isEmpty()) {
        if (paragraphs > 0 && tookList) {
          break;
        }
        // "To get fast builds:" before the list introduces the bullets; it is not one of them.
        bullets.subList(bullets.size() - introBullets, bullets.size()).clear();
        items.forEach(li -> addText(bullets, li.text()));
        taken.add(next);
        tookList = true;
        break;
      }
      if (!next.select("h1, h2, h3, h4, h5, h6").isEmpty()) {
        break;
      }
      int words = Bullets.words(next.text());
      if (paragraphs > 0 && words > MAX_PARAGRAPH_WORDS) {
        break;
      }
      List<String> added = new ArrayList<>();
      if (next.select("br").size() >= 2) {
        lines(next).forEach(line -> added.addAll(Bullets.fromParagraph(line))); // a fact box
      } else {
        added.addAll(Bullets.fromParagraph(next.text()));
      }
      bullets.addAll(added);
      introBullets = next.text().strip().endsWith(":") ? added.size() : 0;
      taken.add(next);
      paragraphs++;
      if (words > MAX_PARAGRAPH_WORDS || paragraphs >= 5) {
        break;
      }
    }
    if (bullets.isEmpty()) {
      return Optional.empty();
    }
    if (listsOtherStories(taken, bullets.size())) {
      // navigation: neither the author's summary nor prose to pick sentences from
      taken.forEach(t -> markUsed(t, used));
      markUsed(el, used);
      return Optional.empty();
    }
    taken.forEach(t -> markUsed(t, used));
    markUsed(el, used);
    List<Element> elements = new ArrayList<>();
    elements.add(el);
    elements.addAll(taken);
    return Optional.of(
        new Hit(
            new FoundSection(kind.get(), text, heading ? tag : tag + "-heading", bullets),
            List.copyOf(elements)));
  }

  /**
   * Headlines of other stories under a summary-like heading ("Highlights" boxes, "In brief"
   * tickers, most-read lists) are navigation, not the author's summary of this article: most of
   * their text is links to other pages, or each bullet is a story card with its own link and a
   * picture (or a link with no text, where the picture was). Links within the page ({@code #...})
   * do not count.
   */
  static boolean listsOtherStories(List<Element> blocks, int bullets) {
    int text = 0;
    int linked = 0;
    Set<String> targets = new java.util.HashSet<>();
    boolean pictures = false;
    for (Element block : blocks) {
      text += block.text().length();
      for (Element a : block.select("a[href]")) {
        String href = a.attr("href").trim();
        if (href.isEmpty() || href.startsWith("#") || href.startsWith("javascript:")) {
          continue;
        }
        linked += a.text().length();
        targets.add(href);
        // A link with no text is a picture link whose picture the sanitizer took (a CSS
        // background, an image without a usable source): a story card's sign as much as an img.
        pictures |= a.text().isBlank();
      }
      pictures |= !block.select("img, picture, [style*=background-image]").isEmpty();
    }
    if (text == 0) {
      return false;
    }
    return linked * 2 >= text || (pictures && targets.size() >= Math.max(2, bullets));
  }

  /** The lines of a block whose lines are separated by {@code <br>} (a fact box), trimmed. */
  private static List<String> lines(Element block) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    org.jsoup.select.NodeTraversor.traverse(
        new org.jsoup.select.NodeVisitor() {
          @Override
          public void head(Node node, int depth) {
            if (node instanceof TextNode t) {
              line.append(t.text());
            } else if (node instanceof Element e && (e.tagName().equals("br") || e.isBlock())) {
              flush();
            }
          }

          @Override
          public void tail(Node node, int depth) {
            if (node instanceof Element e && e.isBlock()) {
              flush();
            }
          }

          private void flush() {
            String t = line.toString().strip();
            if (!t.isEmpty()) {
              out.add(t);
            }
            line.setLength(0);
          }
        },
        block);
    String rest = line.toString().strip();
    if (!rest.isEmpty()) {
      out.add(rest);
    }
    return out;
  }

  /** The li of a list (ul/ol, or a wrapper holding exactly one list), without nested lists. */
  private static List<Element> listItems(Element el) {
    Element list = null;
    if (el.tagName().equals("ul") || el.tagName().equals("ol")) {
      list = el;
    } else {
      List<Element> lists = el.select("ul, ol");
      if (!lists.isEmpty() && lists.get(0).text().length() >= el.text().length() * 0.8) {
        list = lists.get(0);
      }
    }
    if (list == null) {
      return List.of();
    }
    List<Element> items = new ArrayList<>();
    for (Element child : list.children()) {
      if (child.tagName().equals("li") && !child.text().isBlank()) {
        items.add(child);
      }
    }
    return items;
  }

  /** A heading element, or a short element whose whole text is bold, or one of our headings. */
  boolean isHeadingLike(Element el) {
    if (HEADINGS.contains(el.tagName()) || el.tagName().equals("dt")) {
      return true;
    }
    String text = el.text();
    if (vocabulary.match(text).isPresent()) {
      return true;
    }
    Element bold = firstBold(el);
    return bold != null && bold.text().equals(text) && Bullets.words(text) <= 12;
  }

  /**
   * True when {@code el}'s text has more than {@code limit} characters that are not whitespace, so
   * its {@code text()} is longer than {@code limit} too: a whole page's wrappers are ruled out as
   * headings without building their text.
   */
  private static boolean longerThan(Element el, int limit) {
    int[] count = {0};
    NodeTraversor.filter(
        new NodeFilter() {
          @Override
          public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode t) {
              String s = t.getWholeText();
              for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                // what text() collapses (whitespace, no-break space) or drops (soft hyphen,
                // zero-width space) is not counted
                if (c > ' '
                    && c != '\u00a0'
                    && c != '\u00ad'
                    && c != '\u200b'
                    && !Character.isWhitespace(c)
                    && ++count[0] > limit) {
                  return FilterResult.STOP;
                }
              }
            }
            return FilterResult.CONTINUE;
          }
        },
        el);
    return count[0] > limit;
  }

  private static boolean skippable(Element el) {
    String tag = el.tagName();
    return tag.equals("figure")
        || tag.equals("img")
        || tag.equals("script")
        || tag.equals("style")
        || tag.equals("br")
        || tag.equals("hr")
        || tag.equals("picture");
  }

  private static boolean offArticle(Element el, Set<String> off) {
    for (Element e = el; e != null; e = e.parent()) {
      if (off.contains(e.tagName())) {
        return true;
      }
    }
    return false;
  }

  private static boolean insideUsed(Element el, Map<Element, Boolean> used) {
    for (Element e = el.parent(); e != null; e = e.parent()) {
      if (used.containsKey(e)) {
        return true;
      }
    }
    return false;
  }

  private static void markUsed(Element el, Map<Element, Boolean> used) {
    used.put(el, Boolean.TRUE);
  }

  private static void addText(List<String> bullets, String text) {
    String t = Bullets.clean(text);
    if (!t.isEmpty()) {
      bullets.add(t);
    }
  }

  static Map<Element, Boolean> newUsedMap() {
    return new IdentityHashMap<>();
  }
}
