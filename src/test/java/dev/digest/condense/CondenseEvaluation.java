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
 * Evaluation over the shared corpus (opt-in, never copies it): section recovery on pages with
 * their own summary sections, and ROUGE-1/2/L F1 against the BBC reference summaries with Lead-k
 * computed in the same run. Writes target/condense-evaluation.md.
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
    sections(root.resolve("summary-sections"), report);
    rouge(root.resolve("summaries/bbc-news-summary.jsonl"), report);
    Path out = Path.of("target/condense-evaluation.md");
    Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
    log.info("evaluation written file={}\n{}", out.toAbsolutePath(), report);
    assertThat(report).contains("ROUGE-1");
  }

  /**
   * A gold section is a (page, heading text) with placement {@code content} in HEADINGS.tsv. A
   * recovered section is correct when its heading text is that heading (normalized) and its
   * bullets start the text that follows the heading in HEADINGS.tsv (normalized, first 300
   * chars). Sections on nav-only pages are false positives.
   */
  private void sections(Path dir, StringBuilder report) throws IOException {
    List<String> rows = Files.readAllLines(dir.resolve("HEADINGS.tsv"), StandardCharsets.UTF_8);
    Map<String, Map<String, List<String>>> gold = new LinkedHashMap<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split("\t", -1);
      Map<String, List<String>> page = gold.computeIfAbsent(f[0], k -> new LinkedHashMap<>());
      if (f[1].equals("content")) {
        page.computeIfAbsent(HeadingVocabulary.normalize(f[3]), k -> new ArrayList<>()).add(f[4]);
      }
    }
    int goldCount = 0;
    int found = 0;
    int correct = 0;
    int bullets = 0;
    int bulletsCorrect = 0;
    int checkable = 0;
    StringBuilder detail = new StringBuilder();
    for (Map.Entry<String, Map<String, List<String>>> page : gold.entrySet()) {
      String html = Files.readString(dir.resolve(page.getKey()), StandardCharsets.UTF_8);
      Explanation e = condenser.explain(Jsoup.parse(html).title(), html, ContentType.HTML);
      goldCount += page.getValue().size();
      List<String> hits = new ArrayList<>();
      for (FoundSection s : e.sections()) {
        found++;
        List<String> following = page.getValue().get(HeadingVocabulary.normalize(s.heading()));
        boolean ok = false;
        bullets += s.bullets().size();
        if (following != null) {
          String joined = squash(String.join(" ", s.bullets()));
          for (String f : following) {
            String gf = squash(f);
            if (!joined.isEmpty() && (gf.startsWith(joined) || joined.startsWith(gf)
                || gf.startsWith(joined.substring(0, Math.min(joined.length(), 60))))) {
              ok = true;
            }
          }
          // only bullets that start inside the ~300-char gold window can be checked
          String window = following.stream().map(CondenseEvaluation::squash)
              .max(java.util.Comparator.comparingInt(String::length)).orElse("");
          int offset = 0;
          for (String b : s.bullets()) {
            String sb = squash(b);
            if (offset >= window.length()) {
              break;
            }
            checkable++;
            offset += sb.length();
            for (String f : following) {
              String gf = squash(f);
              // the gold text is cut at ~300 chars: a bullet running past its end still counts
              if (!sb.isEmpty() && (gf.contains(sb) || suffixPrefixOverlap(gf, sb))) {
                bulletsCorrect++;
                break;
              }
            }
          }
        }
        if (ok) {
          correct++;
        }
        hits.add(String.format(Locale.ROOT, "%s \"%s\" (%s, %d bullets)%s", s.kind(), s.heading(),
            s.markup(), s.bullets().size(),
            ok ? "" : " WRONG: " + (s.bullets().isEmpty() ? "" : abbreviate(s.bullets().get(0)))));
      }
      detail.append("| ").append(page.getKey()).append(" | ")
          .append(page.getValue().isEmpty() ? "nav-only" : String.join(", ", page.getValue().keySet()))
          .append(" | ").append(hits.isEmpty() ? "-" : String.join("; ", hits)).append(" |\n");
    }
    report.append("### Section recovery (summary-sections/, ").append(gold.size()).append(" pages)\n\n");
    report.append("| measure | value |\n|---|---|\n");
    report.append(String.format(Locale.ROOT, "| gold sections (page, heading; placement=content) | %d |%n", goldCount));
    report.append(String.format(Locale.ROOT, "| sections recovered | %d |%n", found));
    report.append(String.format(Locale.ROOT, "| correct (heading + bullets start the gold following text) | %d |%n", correct));
    report.append(String.format(Locale.ROOT, "| section precision | %.3f |%n", found == 0 ? 0 : (double) correct / found));
    report.append(String.format(Locale.ROOT, "| section recall | %.3f |%n", goldCount == 0 ? 0 : (double) correct / goldCount));
    report.append(String.format(Locale.ROOT, "| bullets recovered (all sections) | %d |%n", bullets));
    report.append(String.format(Locale.ROOT,
        "| bullet precision (bullets starting inside the ~300-char gold window that match it) | %.3f (%d/%d) |%n%n",
        checkable == 0 ? 0 : (double) bulletsCorrect / checkable, bulletsCorrect, checkable));
    report.append("| page | gold headings | recovered |\n|---|---|---|\n").append(detail).append('\n');
  }

  private void rouge(Path jsonl, StringBuilder report) throws IOException {
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
    report.append("### ROUGE F1 vs reference summaries (summaries/bbc-news-summary.jsonl, ")
        .append(n).append(" articles, mean k = ")
        .append(String.format(Locale.ROOT, "%.2f", (double) sentences / n)).append(" sentences)\n\n");
    report.append("| system | ROUGE-1 | ROUGE-2 | ROUGE-L |\n|---|---|---|---|\n");
    report.append(String.format(Locale.ROOT, "| digest condense (extractive) | %.2f | %.2f | %.2f |%n",
        100 * ours[0] / n, 100 * ours[1] / n, 100 * ours[2] / n));
    report.append(String.format(Locale.ROOT, "| Lead-k (same k) | %.2f | %.2f | %.2f |%n%n",
        100 * lead[0] / n, 100 * lead[1] / n, 100 * lead[2] / n));
    report.append(String.format(Locale.ROOT,
        "Quick summary alone (mean k = %.2f):%n%n| system | ROUGE-1 | ROUGE-2 | ROUGE-L |%n|---|---|---|---|%n",
        (double) quickSentences / n));
    report.append(String.format(Locale.ROOT, "| quick summary | %.2f | %.2f | %.2f |%n",
        100 * quick[0] / n, 100 * quick[1] / n, 100 * quick[2] / n));
    report.append(String.format(Locale.ROOT, "| Lead-k (same k) | %.2f | %.2f | %.2f |%n%n",
        100 * leadQuick[0] / n, 100 * leadQuick[1] / n, 100 * leadQuick[2] / n));
    report.append("methods: ").append(methods).append("\n");
  }

  private static void add(double[] acc, List<String> candidate, List<String> reference) {
    acc[0] += Rouge.rougeN(candidate, reference, 1);
    acc[1] += Rouge.rougeN(candidate, reference, 2);
    acc[2] += Rouge.rougeL(candidate, reference);
  }

  /** The bullet starts inside the gold text and runs to (past) its end. */
  private static boolean suffixPrefixOverlap(String gold, String bullet) {
    for (int i = 0; i < gold.length(); i++) {
      if (gold.length() - i >= 20 && bullet.startsWith(gold.substring(i))) {
        return true;
      }
    }
    return false;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  private static String squash(String s) {
    return HeadingVocabulary.normalize(s).replace(" ", "");
  }
}
