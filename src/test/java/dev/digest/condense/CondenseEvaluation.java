package dev.digest.condense;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluation over the shared corpus (opt-in, never copies it): section recovery on pages with their
 * own summary sections, and ROUGE-1/2/L F1 against the BBC reference summaries with Lead-k computed
 * in the same run. Writes target/condense-evaluation.md.
 *
 * <pre>./mvnw -B -q -o test -Dtest=CondenseEvaluation -Ddigest.corpus=/work/shared/corpus</pre>
 */
class CondenseEvaluation {

  private static final Logger log = LoggerFactory.getLogger(CondenseEvaluation.class);

  private final Condenser condenser = new Condenser();
  private final SentenceSplitter splitter = new SentenceSplitter();

  @Test
  void evaluate() throws IOException {
    String corpus = System.getProperty("digest.corpus");
    Assumptions.assumeTrue(corpus != null, "set -Ddigest.corpus=/work/shared/corpus to evaluate");
    Path root = Path.of(corpus);
    Assumptions.assumeTrue(Files.isDirectory(root), root + " absent: skipped");
    StringBuilder report = new StringBuilder();
    List<Tally> views = sections(root.resolve("summary-sections"), report);
    RougeFigures rouge = rouge(root.resolve("summaries/bbc-news-summary.jsonl"), report);
    Path out = Path.of("target/condense-evaluation.md");
    Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
    log.info("evaluation written file={}\n{}", out.toAbsolutePath(), report);

    // Floors for the figures this run measures, so that a change to the finder or the scorer that
    // loses any of them fails here instead of going unnoticed. Measured 2026-12-07 at 94dc8da
    // (branch test-hygiene) over /work/shared/corpus, as bench/README.md records them:
    //   HEADINGS.tsv as it is: 11 of 19 gold sections recovered, all 11 correct, 0 on nav-only
    // pages
    //   own summaries, each of the three views: 11/11 sections found and right, bullet precision
    //     1.000 (27/27), bullet recall 0.995 (1684/1692 chars)
    //   ROUGE-1/2/L F1, 180 BBC articles: condense 70.94 / 63.01 / 45.41 (Lead-k 61.81 / 50.57 /
    //     39.30); quick summary alone 52.58 / 46.92 / 39.03 (Lead-3 43.89 / 35.77 / 34.20)
    // Counts over a handful of pages stay exact (one section lost is a regression); the ROUGE
    // floors sit about half a point below the measured means.
    assertThat(views.get(0).onNavOnly).as("sections found on nav-only pages").isZero();
    assertThat(views.get(0).correct).as("HEADINGS.tsv sections recovered correctly").isEqualTo(11);
    assertThat(ratio(views.get(0).correct, views.get(0).found))
        .as("HEADINGS.tsv section precision")
        .isEqualTo(1.0);
    assertThat(ratio(views.get(0).correct, views.get(0).gold))
        .as("HEADINGS.tsv section recall")
        .isGreaterThanOrEqualTo(11.0 / 19);
    String[] names = {"whole page", "main content first", "main content sanitized"};
    for (int i = 0; i < views.size(); i++) {
      Tally t = views.get(i);
      assertThat(t.ownGold).as(names[i] + ": own-summary gold sections").isEqualTo(11);
      assertThat(ratio(t.ownCorrect, t.found)).as(names[i] + ": section precision").isEqualTo(1.0);
      assertThat(ratio(t.ownCorrect, t.ownGold)).as(names[i] + ": section recall").isEqualTo(1.0);
      assertThat(t.bulletsChecked).as(names[i] + ": checkable bullets").isGreaterThanOrEqualTo(27);
      assertThat(ratio(t.bulletsRight, t.bulletsChecked))
          .as(names[i] + ": bullet precision")
          .isEqualTo(1.0);
      assertThat(ratio(t.covered, t.authorChars))
          .as(names[i] + ": bullet recall")
          .isGreaterThanOrEqualTo(0.99);
    }
    assertThat(rouge.n()).as("BBC articles").isEqualTo(180);
    String[] metric = {"ROUGE-1", "ROUGE-2", "ROUGE-L"};
    double[] floor = {70.5, 62.5, 45.0};
    // Lowered by a point when five-sentence articles began to get two quick bullets, not three
    // (their takeaways were short of three): k 3.00 -> 2.92, Lead-k of the same k fell alike.
    double[] quickFloor = {51.0, 45.5, 38.5};
    for (int m = 0; m < 3; m++) {
      assertThat(rouge.ours(m))
          .as("condense " + metric[m])
          .isGreaterThanOrEqualTo(floor[m])
          .isGreaterThan(rouge.lead(m));
      assertThat(rouge.quick(m))
          .as("quick summary " + metric[m])
          .isGreaterThanOrEqualTo(quickFloor[m])
          .isGreaterThan(rouge.leadQuick(m));
    }
  }

  /** Mean ROUGE F1 (per cent) of each system over {@code n} articles, R-L. */
  private record RougeFigures(
      int n, double[] oursSum, double[] leadSum, double[] quickSum, double[] leadQuickSum) {
    double ours(int m) {
      return 100 * oursSum[m] / n;
    }

    double lead(int m) {
      return 100 * leadSum[m] / n;
    }

    double quick(int m) {
      return 100 * quickSum[m] / n;
    }

    double leadQuick(int m) {
      return 100 * leadQuickSum[m] / n;
    }
  }

  /**
   * Gold rows of HEADINGS.tsv that are not this article's own summary, and why (read off each page
   * by hand; HEADINGS.tsv lists every element whose whole text is a summary-like phrase). Key:
   * page|normalized heading.
   */
  static final Map<String, String> NOT_OWN_SUMMARY =
      Map.of(
          "readability__nytimes-5.html|highlights",
              "headlines and teasers of other stories (a section front)",
          "aeb__39d5c43beb60605c.html|in brief",
              "site-wide ticker of other stories' headlines, in the page header",
          "aeb__c90731f051d033e4.html|in brief",
              "site-wide ticker of other stories' headlines, in the page header",
          "trafilatura__villagevoice.com-Party.html|highlights",
              "most-read list of six stories after the article (pictures, links, bylines)",
          "trafilatura__zdnet.de.facebook.html|highlights",
              "sidebar tab box of the newest and most-commented stories",
          "newspaper__theglobeandmail.com2.html|highlights", "block of other stories' headlines",
          "mercury__thefederalistpapers.org.html|summary",
              "tab label of the author box; what follows is the author's bio",
          "trafilatura__thebalance.com.coinbase.html|at a glance",
              "table-of-contents link; what follows is the other entries of the table of contents");

  /**
   * Where the author's summary lies in the gold text of each own-summary row (squashed characters
   * of HEADINGS.tsv's following text, read off the pages by hand): {start, end}, end -1 when the
   * section runs on past the ~300-char window. A list's introduction ("... the following:") is not
   * a bullet. Key: page|normalized heading|element of the row.
   */
  static final Map<String, int[]> OWN_SUMMARY_SPAN =
      Map.ofEntries(
          Map.entry("readability__engadget.html|summary|h4", new int[] {0, -1}),
          Map.entry("aeb__680c2848e94a96f9.html|tl dr|strong", new int[] {0, -1}),
          Map.entry("aeb__833caf3bdba53dcf.html|highlights|div", new int[] {0, 57}),
          Map.entry("aeb__ad9e9e596f21a681.html|summary|h3", new int[] {31, 163}),
          Map.entry("aeb__dc7ccccc1f34eb29.html|highlights|div", new int[] {0, 84}),
          Map.entry("mercury__blisterreview.com.html|bottom line|strong", new int[] {0, 233}),
          Map.entry(
              "mercury__timesofindia.indiatimes.com.html|key highlights|span", new int[] {0, -1}),
          Map.entry("trafilatura__pcgamer.com.darkest.html|need to know|div", new int[] {0, 205}),
          Map.entry("trafilatura__pythonspeed.com.docker.html|the takeaway|h2", new int[] {45, -1}),
          Map.entry("newspaper__technologyreview.com1.html|why it matters|h2", new int[] {0, 44}),
          Map.entry("newspaper__technologyreview.com2.html|why it matters|h2", new int[] {0, 47}));

  /** At most this many squashed chars of a list's introduction may precede the first bullet. */
  private static final int LIST_INTRO_CHARS = 80;

  /** One gold row: the element that carries the heading and the squashed text after it. */
  private record GoldRow(String element, String window) {}

  /**
   * Two views of section recovery. (1) HEADINGS.tsv as it is: a gold section is a (page, heading
   * text) with placement {@code content}; a recovered section is correct when its heading is that
   * heading (normalized) and its bullets start the text that follows it (after a list's
   * introduction of at most {@value #LIST_INTRO_CHARS} chars); sections on nav-only pages are false
   * positives. (2) The article's own summaries only ({@link #OWN_SUMMARY_SPAN}): section precision
   * and recall, and bullet precision and recall against the author's text.
   */
  private List<Tally> sections(Path dir, StringBuilder report) throws IOException {
    List<String> rows = Files.readAllLines(dir.resolve("HEADINGS.tsv"), StandardCharsets.UTF_8);
    Map<String, Map<String, List<GoldRow>>> gold = new LinkedHashMap<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split("\t", -1);
      Map<String, List<GoldRow>> page = gold.computeIfAbsent(f[0], k -> new LinkedHashMap<>());
      if (f[1].equals("content")) {
        page.computeIfAbsent(HeadingVocabulary.normalize(f[3]), k -> new ArrayList<>())
            .add(new GoldRow(f[2], squash(f[4])));
      }
    }
    Tally raw = new Tally();
    Tally viaExtractor = new Tally();
    Tally viaFeed = new Tally();
    dev.digest.extract.MainContentExtractor extractor =
        new dev.digest.extract.MainContentExtractor(condenser::summaryBlocks);
    dev.digest.extract.HtmlSanitizer sanitizer = new dev.digest.extract.HtmlSanitizer();
    StringBuilder detail = new StringBuilder();
    for (Map.Entry<String, Map<String, List<GoldRow>>> page : gold.entrySet()) {
      String html = Files.readString(dir.resolve(page.getKey()), StandardCharsets.UTF_8);
      org.jsoup.nodes.Document doc = Jsoup.parse(html, "https://example.org/");
      Explanation e = condenser.explain(doc.title(), html, ContentType.HTML);
      List<String> hits = raw.page(page.getKey(), page.getValue(), e.sections(), true);
      // as `digest condense FILE` and full-text feeds run it: the page's main content first, the
      // author's summary box next to it kept
      String main = extractor.extract(doc).orElse(html);
      viaExtractor.page(
          page.getKey(),
          page.getValue(),
          condenser.explain(doc.title(), main, ContentType.HTML).sections(),
          false);
      // as full-text feeds run it: main content, then sanitized, then condensed
      String safe = sanitizer.sanitize(main, "https://example.org/");
      viaFeed.page(
          page.getKey(),
          page.getValue(),
          condenser.explain(doc.title(), safe, ContentType.HTML).sections(),
          false);
      detail
          .append("| ")
          .append(page.getKey())
          .append(" | ")
          .append(
              page.getValue().isEmpty()
                  ? "nav-only"
                  : page.getValue().keySet().stream()
                      .map(
                          h ->
                              NOT_OWN_SUMMARY.containsKey(page.getKey() + "|" + h)
                                  ? h + " (not own)"
                                  : h)
                      .collect(java.util.stream.Collectors.joining(", ")))
          .append(" | ")
          .append(hits.isEmpty() ? "-" : String.join("; ", hits))
          .append(" |\n");
    }
    report
        .append("### Section recovery (summary-sections/, ")
        .append(gold.size())
        .append(" pages)\n\n");
    report.append(
        "HEADINGS.tsv as it is (every element whose whole text is a summary-like phrase):\n\n");
    report.append("| measure | value |\n|---|---|\n");
    report.append(
        String.format(
            Locale.ROOT, "| gold sections (page, heading; placement=content) | %d |%n", raw.gold));
    report.append(String.format(Locale.ROOT, "| sections recovered | %d |%n", raw.found));
    report.append(
        String.format(
            Locale.ROOT,
            "| correct (heading + bullets start the gold following text) | %d |%n",
            raw.correct));
    report.append(
        String.format(
            Locale.ROOT, "| section precision | %.3f |%n", ratio(raw.correct, raw.found)));
    report.append(
        String.format(Locale.ROOT, "| section recall | %.3f |%n", ratio(raw.correct, raw.gold)));
    report.append(
        String.format(Locale.ROOT, "| sections on nav-only pages | %d |%n%n", raw.onNavOnly));
    report
        .append("The article's own summaries only (")
        .append(NOT_OWN_SUMMARY.size())
        .append(
            " gold rows are other stories' headlines, a table of contents or an author bio: see NOT_OWN_SUMMARY):\n\n");
    List<Tally> views = List.of(raw, viaExtractor, viaFeed);
    report.append(
        "| measure | whole page | main content first | main content, sanitized (full-text feeds) |\n|---|---|---|---|\n");
    row(report, "own-summary gold sections", views, t -> String.valueOf(t.ownGold));
    row(report, "sections recovered", views, t -> String.valueOf(t.found));
    row(
        report,
        "of them an own summary (heading + first bullet in the author's text)",
        views,
        t -> String.valueOf(t.ownCorrect));
    row(
        report,
        "section precision",
        views,
        t -> String.format(Locale.ROOT, "%.3f", ratio(t.ownCorrect, t.found)));
    row(
        report,
        "section recall",
        views,
        t -> String.format(Locale.ROOT, "%.3f", ratio(t.ownCorrect, t.ownGold)));
    row(
        report,
        "bullet precision (checkable bullets inside the author's text)",
        views,
        t ->
            String.format(
                Locale.ROOT,
                "%.3f (%d/%d)",
                ratio(t.bulletsRight, t.bulletsChecked),
                t.bulletsRight,
                t.bulletsChecked));
    row(
        report,
        "bullet recall (share of the author's text in the windows that the bullets cover)",
        views,
        t ->
            String.format(
                Locale.ROOT,
                "%.3f (%d/%d chars)",
                ratio(t.covered, t.authorChars),
                t.covered,
                t.authorChars));
    report.append('\n');
    report
        .append("| page | gold headings | recovered (whole page) |\n|---|---|---|\n")
        .append(detail)
        .append('\n');
    return views;
  }

  private static void row(
      StringBuilder report,
      String measure,
      List<Tally> views,
      java.util.function.Function<Tally, String> value) {
    report.append("| ").append(measure);
    for (Tally t : views) {
      report.append(" | ").append(value.apply(t));
    }
    report.append(" |\n");
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }

  /** Counts of one way of running the condenser over the pages. */
  private static final class Tally {
    int gold;
    int found;
    int correct;
    int onNavOnly;
    int ownGold;
    int ownCorrect;
    int bulletsChecked;
    int bulletsRight;
    long covered;
    long authorChars;

    List<String> page(
        String name,
        Map<String, List<GoldRow>> headings,
        List<FoundSection> sections,
        boolean describe) {
      gold += headings.size();
      for (Map.Entry<String, List<GoldRow>> h : headings.entrySet()) {
        for (GoldRow row : h.getValue()) {
          int[] span = OWN_SUMMARY_SPAN.get(name + "|" + h.getKey() + "|" + row.element());
          if (span != null) {
            ownGold++;
            authorChars += (span[1] < 0 ? row.window().length() : span[1]) - span[0];
          }
        }
      }
      if (headings.isEmpty()) {
        onNavOnly += sections.size();
      }
      List<String> hits = new ArrayList<>();
      for (FoundSection s : sections) {
        found++;
        String heading = HeadingVocabulary.normalize(s.heading());
        List<GoldRow> rows = headings.getOrDefault(heading, List.of());
        String joined = squash(String.join(" ", s.bullets()));
        boolean ok = false;
        for (GoldRow row : rows) {
          String gf = row.window();
          String head = joined.substring(0, Math.min(joined.length(), 60));
          // the bullets start the text after the heading; a skipped list introduction
          // ("... the following:") may come first
          int at = head.isEmpty() ? -1 : gf.indexOf(head);
          if (joined.startsWith(gf) || (at >= 0 && at <= LIST_INTRO_CHARS)) {
            ok = true;
          }
        }
        if (ok) {
          correct++;
        }
        // the author's own summary: bullets located inside the annotated span of a row
        GoldRow own = null;
        int[] span = null;
        for (GoldRow row : rows) {
          int[] sp = OWN_SUMMARY_SPAN.get(name + "|" + heading + "|" + row.element());
          if (sp != null) {
            own = row;
            span = sp;
          }
        }
        if (own == null) {
          bulletsChecked += s.bullets().size(); // not an own summary: every bullet is wrong
        } else {
          String w = own.window();
          int end = span[1] < 0 ? w.length() : span[1];
          boolean[] hit = new boolean[w.length()];
          int cursor = 0;
          boolean firstInside = false;
          for (int i = 0; i < s.bullets().size() && cursor < w.length(); i++) {
            String b = squash(s.bullets().get(i));
            if (b.isEmpty()) {
              continue;
            }
            bulletsChecked++;
            int at = w.indexOf(b, cursor);
            int len = b.length();
            if (at < 0) {
              at = overlapAtEnd(w, b); // runs past the window's end
              len = at < 0 ? 0 : w.length() - at;
            }
            if (at < 0) {
              continue; // not the author's text after this heading: wrong
            }
            boolean inside =
                at >= span[0] && (at + len <= end || (span[1] < 0 && at + len >= w.length()));
            if (inside) {
              bulletsRight++;
              for (int k = Math.max(at, span[0]); k < Math.min(at + len, end); k++) {
                hit[k] = true;
              }
            }
            if (i == 0) {
              firstInside = inside;
            }
            cursor = at + len;
          }
          for (boolean x : hit) {
            covered += x ? 1 : 0;
          }
          if (firstInside) {
            ownCorrect++;
          }
        }
        if (describe) {
          hits.add(
              String.format(
                  Locale.ROOT,
                  "%s \"%s\" (%s, %d bullets)%s",
                  s.kind(),
                  s.heading(),
                  s.markup(),
                  s.bullets().size(),
                  ok
                      ? ""
                      : " WRONG: "
                          + (s.bullets().isEmpty() ? "" : abbreviate(s.bullets().get(0)))));
        }
      }
      return hits;
    }
  }

  private RougeFigures rouge(Path jsonl, StringBuilder report) throws IOException {
    ObjectMapper json = new ObjectMapper();
    double[] ours = new double[3];
    double[] lead = new double[3];
    double[] quick = new double[3];
    double[] leadQuick = new double[3];
    long quickSentences = 0;
    int n = 0;
    long sentences = 0;
    Map<String, Integer> methods = new LinkedHashMap<>();
    for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode r = json.readTree(line);
      String title = r.get("title").asText();
      String text = r.get("text").asText();
      List<String> ref = Rouge.tokens(r.get("reference").asText());
      Summary s = condenser.condense(title, text, ContentType.TEXT);
      methods.merge(s.method().label(), 1, Integer::sum);
      List<String> picked = new ArrayList<>(s.quickSummary());
      picked.addAll(s.takeaways());
      int k = picked.size();
      List<String> all = splitter.split(text);
      List<String> leadK = all.subList(0, Math.min(k, all.size()));
      add(ours, Rouge.tokens(String.join(" ", picked)), ref);
      add(lead, Rouge.tokens(String.join(" ", leadK)), ref);
      sentences += k;
      int q = s.quickSummary().size();
      add(quick, Rouge.tokens(String.join(" ", s.quickSummary())), ref);
      add(leadQuick, Rouge.tokens(String.join(" ", all.subList(0, Math.min(q, all.size())))), ref);
      quickSentences += q;
      n++;
    }
    report
        .append("### ROUGE F1 vs reference summaries (summaries/bbc-news-summary.jsonl, ")
        .append(n)
        .append(" articles, mean k = ")
        .append(String.format(Locale.ROOT, "%.2f", (double) sentences / n))
        .append(" sentences)\n\n");
    report.append("| system | ROUGE-1 | ROUGE-2 | ROUGE-L |\n|---|---|---|---|\n");
    report.append(rougeRow("digest condense (extractive)", ours, n, false));
    report.append(rougeRow("Lead-k (same k)", lead, n, true));
    report.append(
        String.format(
            Locale.ROOT,
            "Quick summary alone (mean k = %.2f):%n%n| system | ROUGE-1 | ROUGE-2 | ROUGE-L |%n|---|---|---|---|%n",
            (double) quickSentences / n));
    report.append(rougeRow("quick summary", quick, n, false));
    report.append(rougeRow("Lead-k (same k)", leadQuick, n, true));
    report.append("methods: ").append(methods).append("\n");
    return new RougeFigures(n, ours, lead, quick, leadQuick);
  }

  /** One row of a ROUGE table: the mean F1 of {@code sums} over {@code n} articles, in percent. */
  private static String rougeRow(String system, double[] sums, int n, boolean lastOfTable) {
    return String.format(
        Locale.ROOT,
        "| %s | %.2f | %.2f | %.2f |%n%s",
        system,
        100 * sums[0] / n,
        100 * sums[1] / n,
        100 * sums[2] / n,
        lastOfTable ? System.lineSeparator() : "");
  }

  private static void add(double[] acc, List<String> candidate, List<String> reference) {
    acc[0] += Rouge.rougeN(candidate, reference, 1);
    acc[1] += Rouge.rougeN(candidate, reference, 2);
    acc[2] += Rouge.rougeL(candidate, reference);
  }

  /**
   * Where the bullet starts when it runs past the end of the gold text (at least 20 chars in), or
   * -1.
   */
  private static int overlapAtEnd(String gold, String bullet) {
    for (int i = 0; i < gold.length(); i++) {
      if (gold.length() - i >= 20 && bullet.startsWith(gold.substring(i))) {
        return i;
      }
    }
    return -1;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  private static String squash(String s) {
    return HeadingVocabulary.normalize(s).replace(" ", "");
  }
}
