package dev.digest.condense;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Condenses one article: the author's own Quick Summary / Key Takeaways when present, extractive
 * otherwise. Pure (strings or an already parsed document in, records out) and thread-safe; a
 * document given to it is only read.
 */
public final class Condenser {

  private static final Pattern LINE_BREAK = Pattern.compile("\\R");

  /** Elements whose content is never read as the article's text. */
  private static final String NOT_READ = "script, style, noscript, template, svg";

  static final int MAX_QUICK = 3;
  static final int MAX_TAKEAWAYS = 5;

  private final HeadingVocabulary vocabulary;
  private final HtmlSectionFinder htmlSections;
  private final TextSectionFinder textSections;
  private final ExtractiveSummarizer extractive = new ExtractiveSummarizer();

  /** With the built-in heading vocabulary only. */
  public Condenser() {
    this(List.of(), List.of());
  }

  /** With extra headings from feeds.yml ({@code condense.quick-summary-headings}, ...). */
  public Condenser(List<String> extraQuickSummaryHeadings, List<String> extraTakeawayHeadings) {
    this.vocabulary =
        new HeadingVocabulary(
            extraQuickSummaryHeadings == null ? List.of() : extraQuickSummaryHeadings,
            extraTakeawayHeadings == null ? List.of() : extraTakeawayHeadings);
    this.htmlSections = new HtmlSectionFinder(vocabulary);
    this.textSections = new TextSectionFinder(vocabulary);
  }

  public Summary condense(String title, String content, ContentType type) {
    return explain(title, content, type).summary();
  }

  /**
   * As {@link #condense(String, String, ContentType)} for HTML already parsed: the extract stage's
   * sanitized document, so that the article is not parsed again. {@code html} is not changed.
   */
  public Summary condense(String title, Document html) {
    return explain(title, html).summary();
  }

  /** The summary with its reasons: which headings matched, or each chosen sentence's score. */
  public Explanation explain(String title, String content, ContentType type) {
    String safeTitle = title == null ? "" : title.trim();
    String safeContent = content == null ? "" : content;
    if (type == ContentType.HTML) {
      return explainHtml(safeTitle, withoutScripts(Jsoup.parse(safeContent)).body());
    }
    List<String> lines = new ArrayList<>(List.of(LINE_BREAK.split(safeContent, -1)));
    if (vocabulary.match(safeTitle).isPresent() && !firstLineIs(lines, safeTitle)) {
      lines.add(0, safeTitle); // the first line of a .txt file is a section heading
    }
    TextSectionFinder.Result result = textSections.find(lines);
    return assemble(
        rankTitle(safeTitle), result.sections(), () -> textParagraphs(lines, result.usedLines()));
  }

  /**
   * As {@link #explain(String, String, ContentType)} for HTML already parsed (see {@link
   * #condense(String, Document)}); {@code html} is not changed.
   */
  public Explanation explain(String title, Document html) {
    String safeTitle = title == null ? "" : title.trim();
    return explainHtml(safeTitle, readable(html).body());
  }

  private Explanation explainHtml(String safeTitle, Element root) {
    Map<Element, Boolean> used = HtmlSectionFinder.newUsedMap();
    List<FoundSection> sections = htmlSections.find(root, used);
    // paragraphs are only needed when extracting
    return assemble(rankTitle(safeTitle), sections, () -> HtmlParagraphs.of(root, used));
  }

  private String rankTitle(String safeTitle) {
    return vocabulary.match(safeTitle).isPresent() ? "" : safeTitle;
  }

  /** The document without what is never read as text; the document is changed. */
  private static Document withoutScripts(Document doc) {
    doc.select(NOT_READ).remove();
    return doc;
  }

  /**
   * The caller's document when nothing is to be removed from it (sanitized HTML never has scripts),
   * else a copy without them: a shared document is not changed.
   */
  private static Document readable(Document doc) {
    return doc.selectFirst(NOT_READ) == null ? doc : withoutScripts(doc.clone());
  }

  /**
   * The request for a language model: the title and the article's prose, without navigation,
   * captions and other boilerplate (see {@link LlmPrompt}); with the author's own list when the
   * author wrote one of the two.
   */
  public LlmPrompt llmPrompt(String title, String content, ContentType type) {
    return llmPrompt(title, content, type, explain(title, content, type));
  }

  /**
   * As {@link #llmPrompt(String, String, ContentType)}, given this article's {@link #explain}
   * (which tells whether the author wrote one of the lists) so that it is not worked out twice.
   */
  public LlmPrompt llmPrompt(String title, String content, ContentType type, Explanation offline) {
    return promptFor(title, prose(content, type), offline);
  }

  /**
   * As {@link #llmPrompt(String, String, ContentType, Explanation)} for HTML already parsed (see
   * {@link #condense(String, Document)}); {@code html} is not changed.
   */
  public LlmPrompt llmPrompt(String title, Document html, Explanation offline) {
    return promptFor(title, prose(readable(html)), offline);
  }

  private static LlmPrompt promptFor(String title, String text, Explanation offline) {
    Summary s = offline.summary();
    if (s.method() != Summary.Method.MIXED) {
      return LlmPrompt.forArticle(title, text);
    }
    // The model writes the list the author did not; shown the author's, it can complement it.
    return authorWroteQuick(offline)
        ? LlmPrompt.complementing(title, text, SectionKind.QUICK_SUMMARY, s.quickSummary())
        : LlmPrompt.complementing(title, text, SectionKind.TAKEAWAYS, s.takeaways());
  }

  private static String prose(String content, ContentType type) {
    String safeContent = content == null ? "" : content;
    if (type != ContentType.HTML) {
      return safeContent;
    }
    return prose(withoutScripts(Jsoup.parse(safeContent)));
  }

  private static String prose(Document doc) {
    StringBuilder text = new StringBuilder();
    for (Paragraph p : HtmlParagraphs.of(doc.body(), HtmlSectionFinder.newUsedMap())) {
      if (text.length() > LlmPrompt.MAX_ARTICLE_CHARS) {
        break;
      }
      text.append(p.text()).append("\n\n");
    }
    return text.toString();
  }

  /**
   * Where the author's summary sections sit in a parsed page, for the extract stage to keep them
   * next to the main content: one list of elements per section, in document order (the box whose
   * class or id names it, the lead-in paragraph, or the heading and the blocks its bullets come
   * from). Found as {@link #condense} finds them, with this condenser's headings; headlines of
   * other stories under a summary-like heading are not a section. {@code root} is not changed.
   * Thread-safe.
   */
  public List<List<Element>> summaryBlocks(Element root) {
    return htmlSections.blocks(root);
  }

  /**
   * The summary in LLM mode, from the offline {@code explanation} of the same article and the
   * model's accepted reply: the author's own sections win (both present: the model's bullets are
   * not used; one present: the model fills the other list, method {@code llm-mixed}), otherwise
   * both lists are the model's (method {@code llm}). Falls back to the offline summary when the
   * model's bullets only repeat the author's.
   */
  public Summary withModelBullets(Explanation explanation, LlmReply.Accepted reply) {
    Summary offline = explanation.summary();
    if (offline.method() == Summary.Method.SECTIONS) {
      return offline;
    }
    if (offline.method() == Summary.Method.EXTRACTIVE) {
      return new Summary(reply.quickSummary(), reply.takeaways(), Summary.Method.LLM);
    }
    if (authorWroteQuick(explanation)) {
      List<String> takeaways =
          limit(without(reply.takeaways(), offline.quickSummary()), MAX_TAKEAWAYS);
      return takeaways.isEmpty()
          ? offline
          : new Summary(offline.quickSummary(), takeaways, Summary.Method.LLM_MIXED);
    }
    List<String> quick = limit(without(reply.quickSummary(), offline.takeaways()), MAX_QUICK);
    return quick.isEmpty()
        ? offline
        : new Summary(quick, offline.takeaways(), Summary.Method.LLM_MIXED);
  }

  /** In a mixed summary: true when the author's list is the quick summary, not the takeaways. */
  private static boolean authorWroteQuick(Explanation explanation) {
    Summary offline = explanation.summary();
    return explanation.sections().stream().anyMatch(s -> s.kind() == SectionKind.QUICK_SUMMARY)
        && !offline.quickSummary().isEmpty()
        && explanation.chosenSentences().stream()
            .noneMatch(c -> offline.quickSummary().contains(c.text()));
  }

  private Explanation assemble(
      String title,
      List<FoundSection> sections,
      java.util.function.Supplier<List<Paragraph>> paragraphs) {
    Optional<FoundSection> quick = first(sections, SectionKind.QUICK_SUMMARY);
    Optional<FoundSection> takeaways = first(sections, SectionKind.TAKEAWAYS);
    List<String> quickBullets = quick.map(s -> limit(s.bullets(), MAX_QUICK)).orElse(List.of());
    List<String> authorQuick = quickBullets;
    List<String> takeawayBullets =
        takeaways
            .map(s -> limit(without(s.bullets(), authorQuick), MAX_TAKEAWAYS))
            .orElse(List.of());
    List<ScoredSentence> chosen = new ArrayList<>();
    Summary.Method method;
    if (!quickBullets.isEmpty() && !takeawayBullets.isEmpty()) {
      method = Summary.Method.SECTIONS;
    } else if (!quickBullets.isEmpty() || !takeawayBullets.isEmpty()) {
      method = Summary.Method.MIXED;
      boolean fillQuick = quickBullets.isEmpty();
      List<String> avoid = fillQuick ? takeawayBullets : quickBullets;
      List<ScoredSentence> picked =
          extractive.pick(title, paragraphs.get(), avoid, fillQuick ? MAX_QUICK : MAX_TAKEAWAYS);
      List<ScoredSentence> ordered = new ArrayList<>(picked);
      ordered.sort(ExtractiveSummarizer.readingOrder());
      chosen.addAll(ordered);
      List<String> filled = ordered.stream().map(ScoredSentence::text).toList();
      if (fillQuick) {
        quickBullets = filled;
      } else {
        takeawayBullets = filled;
      }
      if (filled.isEmpty()) {
        method = Summary.Method.SECTIONS; // nothing else to say: only the author's words
        if (fillQuick) {
          // never an empty quick summary when the author gave us bullets
          quickBullets = limit(takeawayBullets, MAX_QUICK);
          takeawayBullets = without(takeawayBullets, quickBullets);
        }
      }
    } else {
      method = Summary.Method.EXTRACTIVE;
      List<ScoredSentence> picked =
          extractive.pick(title, paragraphs.get(), List.of(), MAX_QUICK + MAX_TAKEAWAYS);
      // Three for the quick summary only when three takeaways remain: five sentences make 2 + 3,
      // within both ranges (quick summary 2-3, takeaways 3-5), where 3 + 2 left the takeaways
      // short.
      int quickCount = picked.size() >= MAX_QUICK + 3 ? MAX_QUICK : Math.min(picked.size(), 2);
      List<ScoredSentence> q = new ArrayList<>(picked.subList(0, quickCount));
      List<ScoredSentence> t = new ArrayList<>(picked.subList(quickCount, picked.size()));
      q.sort(ExtractiveSummarizer.readingOrder());
      t.sort(ExtractiveSummarizer.readingOrder());
      chosen.addAll(q);
      chosen.addAll(t);
      quickBullets = q.stream().map(ScoredSentence::text).toList();
      takeawayBullets = t.stream().map(ScoredSentence::text).toList();
    }
    Summary summary = new Summary(quickBullets, takeawayBullets, method);
    return new Explanation(summary, sections, chosen);
  }

  private static List<Paragraph> textParagraphs(List<String> lines, boolean[] used) {
    List<Paragraph> out = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    TextSectionFinder headingTest =
        new TextSectionFinder(new HeadingVocabulary(List.of(), List.of()));
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      boolean bullet = Bullets.isBulletLine(line);
      boolean heading = !line.isEmpty() && headingTest.isHeadingLike(line);
      if (used[i] || line.isEmpty() || bullet || heading) {
        if (run.length() > 0) {
          out.add(new Paragraph(run.toString(), false));
          run.setLength(0);
        }
        if (!used[i] && !line.isEmpty()) {
          out.add(new Paragraph(bullet ? Bullets.clean(line) : line, heading));
        }
        continue;
      }
      if (run.length() > 0) {
        run.append(' ');
      }
      run.append(line);
    }
    if (run.length() > 0) {
      out.add(new Paragraph(run.toString(), false));
    }
    return out;
  }

  private static boolean firstLineIs(List<String> lines, String title) {
    for (String line : lines) {
      if (!line.isBlank()) {
        return line.trim().equals(title);
      }
    }
    return false;
  }

  private static Optional<FoundSection> first(List<FoundSection> sections, SectionKind kind) {
    return sections.stream().filter(s -> s.kind() == kind).findFirst();
  }

  private static List<String> limit(List<String> bullets, int max) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(bullets));
    return List.copyOf(distinct.subList(0, Math.min(max, distinct.size())));
  }

  private static List<String> without(List<String> bullets, List<String> taken) {
    return bullets.stream().filter(b -> !taken.contains(b)).toList();
  }
}
