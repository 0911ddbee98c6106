package dev.digest.extract;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Finds the main content of an article page, readability style: paragraphs score their ancestors
 * (length, commas), class and id names push up or down, link-heavy blocks lose, the best block is
 * joined by siblings that look like more of the same, and boilerplate inside it is cleaned out. The
 * author's own summary box (found by the condense stage's rules, handed in as {@code
 * summaryBlocks}) is kept when it sits next to that content, even in a sidebar or aside that is
 * otherwise dropped. Returns HTML that still needs sanitizing. Thread-safe (stateless).
 */
public final class MainContentExtractor {

  /**
   * A summary box is kept when at most this many characters of page text lie between it and the
   * kept content: a title, a byline, a date or a caption, not another block of the page.
   */
  static final int MAX_SUMMARY_GAP = 200;

  private static final Pattern UNLIKELY =
      Pattern.compile(
          "-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr"
              + "|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social"
              + "|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|share"
              + "|newsletter|subscribe|cookie|promo|outbrain|taboola|byline|author-bio|navbar|masthead",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern MAYBE =
      Pattern.compile(
          "and|article|body|column|content|main|shadow|post|entry|story|text",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern POSITIVE =
      Pattern.compile(
          "article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern NEGATIVE =
      Pattern.compile(
          "-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead"
              + "|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor"
              + "|shopping|tags|widget|social|newsletter|subscribe|caption|credit",
          Pattern.CASE_INSENSITIVE);
  private static final Set<String> UNLIKELY_ROLES =
      Set.of(
          "menu",
          "menubar",
          "complementary",
          "navigation",
          "alert",
          "alertdialog",
          "dialog",
          "banner",
          "contentinfo",
          "search");
  private static final Set<String> BLOCKS =
      Set.of(
          "address",
          "article",
          "aside",
          "blockquote",
          "dl",
          "div",
          "fieldset",
          "figure",
          "footer",
          "form",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "header",
          "hr",
          "li",
          "main",
          "nav",
          "ol",
          "p",
          "pre",
          "section",
          "table",
          "ul",
          "select",
          "img",
          "video");
  private static final Set<String> SCORED =
      Set.of("p", "pre", "td", "section", "h2", "h3", "h4", "h5", "h6");

  private final Function<Element, List<List<Element>>> summaryBlocks;

  /** Without summary boxes: only the content that scores as the article is kept. */
  public MainContentExtractor() {
    this(root -> List.of());
  }

  /**
   * @param summaryBlocks where the author's summary sections sit in a page (one list of elements
   *     per section, in document order; the page must not be changed), e.g. the condense stage's
   *     {@code Condenser::summaryBlocks}
   */
  public MainContentExtractor(Function<Element, List<List<Element>>> summaryBlocks) {
    this.summaryBlocks = Objects.requireNonNull(summaryBlocks, "summaryBlocks");
  }

  /** Main content HTML of {@code html}, or empty when the page holds no article-like block. */
  public Optional<String> extract(String html, String baseUri) {
    if (html == null || html.isBlank()) {
      return Optional.empty();
    }
    Document original = Jsoup.parse(html, baseUri == null ? "" : baseUri);
    return extract(original);
  }

  /** Main content HTML of a parsed page (left untouched), or empty. */
  public Optional<String> extract(Document original) {
    String best = "";
    int bestLength = 0;
    boolean[][] passes = {{true, true}, {false, true}, {false, false}};
    for (boolean[] pass : passes) {
      Document doc = original.clone();
      Element content = grab(doc, pass[0], pass[1]);
      if (content == null) {
        continue;
      }
      int length = content.text().length();
      if (length > bestLength) {
        best = unindented(content);
        bestLength = length;
      }
      // Readability's rule of thumb: 500 characters is an article; otherwise try less strictly.
      if (length >= 500) {
        break;
      }
    }
    return bestLength == 0 ? Optional.empty() : Optional.of(best);
  }

  /**
   * The inner HTML of {@code content} as it stands, not pretty-printed: the printer breaks lines
   * inside an inline element that holds a block ({@code <b><div></div>Market D</b><b>ay</b>} came
   * back as {@code Market D\n </b><b>ay}), which the sanitizer's parse then reads as "Market D ay".
   * The content is a new element, outside any document, so the settings go on one made for it.
   */
  private static String unindented(Element content) {
    Document holder = Document.createShell("");
    holder.outputSettings().prettyPrint(false);
    holder.body().appendChild(content);
    return content.html();
  }

  private Element grab(Document doc, boolean stripUnlikely, boolean cleanConditionally) {
    doc.select(
            "script, style, noscript, iframe, svg, template, object, embed, canvas, link, meta,"
                + " button, input, select, textarea, [hidden], [aria-hidden=true], dialog")
        .remove();
    doc.select("[style~=(?i)display:\\s*none]").remove();
    Element body = doc.body();
    if (body == null) {
      return null;
    }
    // Looked for before asides and sidebars go: a summary box is often one.
    Summaries summaries = findSummaries(body);
    doc.select("nav, aside").remove();
    if (stripUnlikely) {
      for (Element e : new ArrayList<>(body.getAllElements())) {
        if (e == body || e.parent() == null) {
          continue;
        }
        String tag = e.normalName();
        if (tag.equals("article") || tag.equals("main") || tag.equals("a")) {
          continue;
        }
        if (UNLIKELY_ROLES.contains(e.attr("role").toLowerCase(Locale.ROOT))) {
          e.remove();
          continue;
        }
        String names = e.className() + " " + e.id();
        if (UNLIKELY.matcher(names).find()
            && !MAYBE.matcher(names).find()
            && !hasAncestor(e, "table")
            && !hasAncestor(e, "code")) {
          e.remove();
        }
      }
    }
    Map<Element, Double> scores = new IdentityHashMap<>();
    for (Element e : body.getAllElements()) {
      if (!isScorable(e)) {
        continue;
      }
      String text = e.text();
      if (text.length() < 25) {
        continue;
      }
      double score =
          1 + count(text, ',') + count(text, '，') + Math.min(Math.floor(text.length() / 100.0), 3);
      Element ancestor = e.parent();
      for (int level = 0; ancestor != null && level < 5; level++) {
        if (ancestor.normalName().equals("html")) {
          break;
        }
        if (!scores.containsKey(ancestor)) {
          scores.put(ancestor, initialScore(ancestor));
        }
        double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
        scores.put(ancestor, scores.get(ancestor) + score / divider);
        ancestor = ancestor.parent();
      }
    }
    Element top = null;
    double topScore = 0;
    for (Map.Entry<Element, Double> en : scores.entrySet()) {
      double s = en.getValue() * (1 - linkDensity(en.getKey()));
      en.setValue(s);
      if (top == null || s > topScore) {
        top = en.getKey();
        topScore = s;
      }
    }
    if (top == null) {
      top = body;
    }
    // A lone child says nothing its parent does not: climb while the parent holds only it.
    while (top.parent() != null
        && top.parent() != body
        && !top.parent().normalName().equals("html")
        && top.parent().children().size() == 1) {
      top = top.parent();
      topScore = Math.max(topScore, scores.getOrDefault(top, 0.0));
    }
    Element article = new Element("div");
    if (top == body) {
      for (Node n : new ArrayList<>(body.childNodes())) {
        article.appendChild(n);
      }
    } else {
      double threshold = Math.max(10, topScore * 0.2);
      Element parent = top.parent();
      List<Element> siblings = parent == null ? List.of(top) : new ArrayList<>(parent.children());
      for (Element sibling : siblings) {
        boolean append = sibling == top;
        if (!append) {
          double bonus =
              !top.className().isEmpty() && sibling.className().equals(top.className())
                  ? topScore * 0.2
                  : 0;
          Double s = scores.get(sibling);
          if (s != null && s + bonus >= threshold) {
            append = true;
          } else if (sibling.normalName().equals("p")) {
            String text = sibling.text();
            double density = linkDensity(sibling);
            if (text.length() > 80 && density < 0.25) {
              append = true;
            } else if (text.length() > 0
                && text.length() <= 80
                && density == 0
                && Pattern.compile("\\.( |$)").matcher(text).find()) {
              append = true;
            }
          }
        }
        if (append) {
          article.appendChild(sibling);
        }
      }
    }
    clean(article, scores, cleanConditionally);
    keepSummaries(article, summaries);
    return article;
  }

  /**
   * One author's summary section: the page's elements that hold it (a box, or a heading and the
   * blocks after it), copies of them as they were before any cleaning, the ancestors of each, and
   * where the section starts and ends in the page's text.
   */
  private record SummaryBox(
      List<Element> elements, List<Element> copies, List<Elements> ancestors, int start, int end) {}

  /** The summary boxes of a page and every element's span of the page's text, for placing them. */
  private record Summaries(List<SummaryBox> boxes, Map<Element, int[]> spans) {
    static final Summaries NONE = new Summaries(List.of(), Map.of());
  }

  private Summaries findSummaries(Element body) {
    List<List<Element>> found = summaryBlocks.apply(body);
    if (found.isEmpty()) {
      return Summaries.NONE;
    }
    Map<Element, int[]> spans = textSpans(body);
    List<SummaryBox> boxes = new ArrayList<>();
    for (List<Element> group : found) {
      List<Element> elements = boxOf(group);
      if (elements.isEmpty() || !elements.stream().allMatch(spans::containsKey)) {
        continue;
      }
      List<Element> copies = new ArrayList<>();
      List<Elements> ancestors = new ArrayList<>();
      for (Element e : elements) {
        copies.add(e.clone());
        ancestors.add(e.parents());
      }
      int start = spans.get(elements.get(0))[0];
      int end = spans.get(elements.get(elements.size() - 1))[1];
      boxes.add(new SummaryBox(elements, copies, ancestors, start, end));
    }
    return new Summaries(boxes, spans);
  }

  /**
   * A heading and its bullets that are all a wrapper holds are kept as that wrapper (the box), so
   * the section still ends where the box ends; otherwise as they are.
   */
  private static List<Element> boxOf(List<Element> group) {
    if (group.size() < 2) {
      return group;
    }
    Element common = group.get(0).parent();
    while (common != null && !containsAll(common, group)) {
      common = common.parent();
    }
    if (common == null || common.normalName().equals("body")) {
      return group;
    }
    int own = 0;
    for (Element e : group) {
      own += e.text().length() + 1;
    }
    return common.text().length() <= own ? List.of(common) : group;
  }

  private static boolean containsAll(Element ancestor, List<Element> elements) {
    for (Element e : elements) {
      if (!isUnder(e, ancestor)) {
        return false;
      }
    }
    return true;
  }

  /** Each element's start and end in the page's text, in characters (blank text not counted). */
  private static Map<Element, int[]> textSpans(Element root) {
    Map<Element, int[]> spans = new IdentityHashMap<>();
    int[] offset = {0};
    NodeTraversor.traverse(
        new NodeVisitor() {
          @Override
          public void head(Node node, int depth) {
            if (node instanceof TextNode && !((TextNode) node).isBlank()) {
              offset[0] += ((TextNode) node).text().length();
            } else if (node instanceof Element) {
              spans.put((Element) node, new int[] {offset[0], offset[0]});
            }
          }

          @Override
          public void tail(Node node, int depth) {
            if (node instanceof Element) {
              spans.get((Element) node)[1] = offset[0];
            }
          }
        },
        root);
    return spans;
  }

  /**
   * Puts each summary box that lies near the kept content back where it stood relative to it
   * (before, after or inside), as it was before cleaning. Near: at most {@link #MAX_SUMMARY_GAP}
   * characters of page text between the box and the blocks chosen as the article, or, for a box
   * inside them, the text kept of them. A box farther away (a footer, another column) stays out,
   * and so does one that held the content itself.
   */
  private static void keepSummaries(Element article, Summaries summaries) {
    if (summaries.boxes().isEmpty()) {
      return;
    }
    Map<Element, int[]> spans = summaries.spans();
    List<int[]> blocks = new ArrayList<>();
    for (Element child : article.children()) {
      if (spans.containsKey(child)) {
        blocks.add(spans.get(child));
      }
    }
    List<Element> kept = new ArrayList<>();
    List<int[]> keptSpans = new ArrayList<>();
    for (Element e : article.getAllElements()) {
      if (e != article && spans.containsKey(e) && hasOwnText(e)) {
        kept.add(e);
        keptSpans.add(spans.get(e));
      }
    }
    for (SummaryBox box : summaries.boxes()) {
      boolean inside = blocks.stream().anyMatch(b -> b[0] < box.end() && box.start() < b[1]);
      if (!isNear(box, inside ? keptSpans : blocks) || holdsContent(box, kept, spans)) {
        continue;
      }
      for (int i = 0; i < box.elements().size(); i++) {
        Element original = box.elements().get(i);
        Element copy = box.copies().get(i);
        if (isUnder(original, article)) {
          original.replaceWith(copy); // as it was, before cleaning took parts of it
          continue;
        }
        Element container = article;
        for (Element ancestor : box.ancestors().get(i)) {
          if (isUnder(ancestor, article)) {
            container = ancestor;
            break;
          }
        }
        Element next = null;
        for (Element child : container.children()) {
          int[] span = spans.get(child);
          if (span != null && span[0] >= box.end()) {
            next = child;
            break;
          }
        }
        if (next == null) {
          container.appendChild(copy);
        } else {
          next.before(copy);
        }
      }
    }
  }

  private static boolean isNear(SummaryBox box, List<int[]> spans) {
    for (int[] span : spans) {
      if (Math.max(span[0] - box.end(), box.start() - span[1]) <= MAX_SUMMARY_GAP) {
        return true;
      }
    }
    return false;
  }

  /** True when kept text lay inside the box on the page: a wrapper of the article is no box. */
  private static boolean holdsContent(
      SummaryBox box, List<Element> kept, Map<Element, int[]> spans) {
    for (Element e : kept) {
      int[] span = spans.get(e);
      if (span[0] >= box.start()
          && span[1] <= box.end()
          && span[1] > span[0]
          && box.elements().stream().noneMatch(b -> isUnder(e, b))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasOwnText(Element e) {
    for (Node n : e.childNodes()) {
      if (n instanceof TextNode && !((TextNode) n).isBlank()) {
        return true;
      }
    }
    return false;
  }

  private void clean(Element article, Map<Element, Double> scores, boolean conditionally) {
    article.select("footer, header:not(:has(p)), h1").remove();
    for (Element h : article.select("h2, h3, h4, h5, h6")) {
      if (classWeight(h) < 0) {
        h.remove();
      }
    }
    if (conditionally) {
      // Innermost first, like readability: so a container is judged after its junk is gone.
      Elements candidates = article.select("form, fieldset, table, ul, ol, div, section");
      for (int i = candidates.size() - 1; i >= 0; i--) {
        Element e = candidates.get(i);
        if (e.parent() == null || !isUnder(e, article)) {
          continue;
        }
        if (shouldRemove(e, scores)) {
          e.remove();
        }
      }
    }
    // Empty paragraphs and stray line breaks left behind.
    for (Element p : article.select("p")) {
      if (p.text().isBlank() && p.select("img, video, picture").isEmpty()) {
        p.remove();
      }
    }
  }

  private boolean shouldRemove(Element e, Map<Element, Double> scores) {
    if (hasAncestor(e, "code") || hasAncestor(e, "pre")) {
      return false;
    }
    String tag = e.normalName();
    boolean isList = tag.equals("ul") || tag.equals("ol");
    if (tag.equals("table") && isDataTable(e)) {
      return false;
    }
    double weight = classWeight(e);
    double score = scores.getOrDefault(e, 0.0);
    if (weight + score < 0) {
      return true;
    }
    String text = e.text();
    if (count(text, ',') >= 10) {
      return false;
    }
    int p = e.select("p").size();
    int img = e.select("img").size();
    int li = e.select("li").size() - 100;
    int input = e.select("input").size();
    int headings = e.select("h1, h2, h3, h4, h5, h6").size();
    int embeds = e.select("object, embed, iframe, video").size();
    double density = linkDensity(e);
    int length = text.length();
    boolean inFigure = hasAncestor(e, "figure");
    if (!inFigure && img > 1 && (double) p / img < 0.5) {
      return true;
    }
    if (!isList && li > p) {
      return true;
    }
    if (input > Math.floor(p / 3.0)) {
      return true;
    }
    if (!isList
        && !inFigure
        && headings == 0
        && length < 25
        && (img == 0 || img > 2)
        && density > 0) {
      return true;
    }
    if (!isList && weight < 25 && density > 0.2) {
      return true;
    }
    if (weight >= 25 && density > 0.5) {
      return true;
    }
    if ((embeds == 1 && length < 75) || embeds > 1) {
      return true;
    }
    // Lists that are mostly links are navigation: "related", tag clouds.
    return isList && density > 0.6 && length < 600;
  }

  private static boolean isDataTable(Element table) {
    if (table.attr("role").equals("presentation")) {
      return false;
    }
    if (!table.select("caption, th, thead, tfoot").isEmpty()) {
      return true;
    }
    return table.select("tr").size() >= 3
        && table.select("table").size() == 1
        && table.select("td").size() >= 6;
  }

  private static boolean isScorable(Element e) {
    String tag = e.normalName();
    if (SCORED.contains(tag)) {
      return true;
    }
    if (tag.equals("div")) {
      // A div with no block children is a paragraph in all but name.
      for (Element c : e.children()) {
        if (BLOCKS.contains(c.normalName())) {
          return false;
        }
      }
      for (Node n : e.childNodes()) {
        if (n instanceof TextNode && !((TextNode) n).isBlank()) {
          return true;
        }
      }
      return !e.children().isEmpty();
    }
    return false;
  }

  private double initialScore(Element e) {
    double base;
    switch (e.normalName()) {
      case "div":
      case "article":
      case "main":
        base = 5;
        break;
      case "pre":
      case "td":
      case "blockquote":
        base = 3;
        break;
      case "address":
      case "ol":
      case "ul":
      case "dl":
      case "dd":
      case "dt":
      case "li":
      case "form":
        base = -3;
        break;
      case "h1":
      case "h2":
      case "h3":
      case "h4":
      case "h5":
      case "h6":
      case "th":
        base = -5;
        break;
      default:
        base = 0;
    }
    if (e.normalName().equals("article")) {
      base += 10;
    }
    return base + classWeight(e);
  }

  private static double classWeight(Element e) {
    double w = 0;
    for (String name : new String[] {e.className(), e.id()}) {
      if (name.isEmpty()) {
        continue;
      }
      if (NEGATIVE.matcher(name).find()) {
        w -= 25;
      }
      if (POSITIVE.matcher(name).find()) {
        w += 25;
      }
    }
    return w;
  }

  private static double linkDensity(Element e) {
    int total = e.text().length();
    if (total == 0) {
      return 0;
    }
    double links = 0;
    for (Element a : e.select("a")) {
      String href = a.attr("href");
      // In-page anchors (footnotes, tables of contents) weigh less than links away.
      double coefficient = href.startsWith("#") ? 0.3 : 1;
      links += a.text().length() * coefficient;
    }
    return Math.min(1, links / total);
  }

  private static boolean hasAncestor(Element e, String tag) {
    for (Element p = e.parent(); p != null; p = p.parent()) {
      if (p.normalName().equals(tag)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUnder(Element e, Element root) {
    for (Element p = e; p != null; p = p.parent()) {
      if (p == root) {
        return true;
      }
    }
    return false;
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
