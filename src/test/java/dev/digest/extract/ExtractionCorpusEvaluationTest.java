package dev.digest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.condense.Condenser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in: {@code -Ddigest.corpus=/work/shared/corpus} runs main-content extraction over {@code
 * articles/} and logs the token-level F1 against {@code expected.html} / {@code expected.txt}.
 */
class ExtractionCorpusEvaluationTest {

  private static final Logger log = LoggerFactory.getLogger(ExtractionCorpusEvaluationTest.class);

  @Test
  void mainContentF1OverCorpus() throws IOException {
    String corpus = System.getProperty("digest.corpus", "");
    Assumptions.assumeTrue(!corpus.isBlank(), "-Ddigest.corpus not set: skipped");
    List<Path> dirs;
    try (Stream<Path> s = Files.list(Path.of(corpus, "articles"))) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    // As the app wires it (the author's summary box next to the article kept), and without.
    List<Double> all = evaluate(dirs, new MainContentExtractor(new Condenser()::summaryBlocks), "");
    evaluate(dirs, new MainContentExtractor(), " summary_boxes=off");
    assertThat(all).isNotEmpty();
    assertThat(percentile(all, 50)).isGreaterThan(0.5);
  }

  private static List<Double> evaluate(
      List<Path> dirs, MainContentExtractor extractor, String label) throws IOException {
    Map<String, List<Double>> bySource = new HashMap<>();
    List<Double> all = new ArrayList<>();
    for (Path dir : dirs) {
      Path source = dir.resolve("source.html");
      String expected;
      if (Files.exists(dir.resolve("expected.html"))) {
        expected = Jsoup.parse(Files.readString(dir.resolve("expected.html"))).text();
      } else if (Files.exists(dir.resolve("expected.txt"))) {
        expected = Files.readString(dir.resolve("expected.txt"));
      } else {
        continue;
      }
      // As the preparer does: charset from BOM or meta, else UTF-8.
      String got =
          extractor
              .extract(
                  ArticlePreparer.parsePage(Files.readAllBytes(source), "", "http://example.org/"))
              .map(h -> Jsoup.parseBodyFragment(h).text())
              .orElse("");
      double f1 = f1(tokens(expected), tokens(got));
      all.add(f1);
      String group = dir.getFileName().toString().replaceAll("__.*", "");
      bySource.computeIfAbsent(group, k -> new ArrayList<>()).add(f1);
      log.debug(
          "extraction{} page={} f1={}",
          label,
          dir.getFileName(),
          String.format(Locale.ROOT, "%.3f", f1));
    }
    bySource.forEach(
        (k, v) ->
            log.info(
                "extraction{} source={} pages={} median_f1={} p10_f1={}",
                label,
                k,
                v.size(),
                fmt(percentile(v, 50)),
                fmt(percentile(v, 10))));
    log.info(
        "extraction{} pages={} median_f1={} p10_f1={} mean_f1={}",
        label,
        all.size(),
        fmt(percentile(all, 50)),
        fmt(percentile(all, 10)),
        fmt(all.stream().mapToDouble(d -> d).average().orElse(0)));
    return all;
  }

  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    // Scripts written without spaces (Han, kana) count one token per character.
    text = text.replaceAll("([\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}])", " $1 ");
    for (String t : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  /** Bag-of-words F1: overlap counted with multiplicity. */
  static double f1(List<String> expected, List<String> got) {
    if (expected.isEmpty() && got.isEmpty()) {
      return 1;
    }
    if (expected.isEmpty() || got.isEmpty()) {
      return 0;
    }
    Map<String, Integer> counts = new HashMap<>();
    expected.forEach(t -> counts.merge(t, 1, Integer::sum));
    int overlap = 0;
    for (String t : got) {
      Integer c = counts.get(t);
      if (c != null && c > 0) {
        overlap++;
        counts.put(t, c - 1);
      }
    }
    double precision = (double) overlap / got.size();
    double recall = (double) overlap / expected.size();
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  }

  static double percentile(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return 0;
    }
    int idx = (int) Math.floor((p / 100.0) * (sorted.size() - 1));
    return sorted.get(idx);
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }
}
