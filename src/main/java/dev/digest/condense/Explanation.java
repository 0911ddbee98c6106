package dev.digest.condense;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Why a {@link Summary} came out as it did: the author's sections that matched (heading text and
 * markup) and, for extractive bullets, each chosen sentence with its score.
 */
public record Explanation(
    Summary summary, List<FoundSection> sections, List<ScoredSentence> chosenSentences) {

  public Explanation {
    sections = List.copyOf(sections);
    chosenSentences = List.copyOf(chosenSentences);
  }

  /** Human-readable lines, one per reason, for {@code digest condense --explain}. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("method: " + summary.method().label());
    for (FoundSection s : sections) {
      out.add(
          String.format(
              Locale.ROOT,
              "section %s: heading \"%s\" (%s), %d bullets",
              s.kind() == SectionKind.QUICK_SUMMARY ? "quickSummary" : "takeaways",
              s.heading(),
              s.markup(),
              s.bullets().size()));
    }
    for (ScoredSentence s : chosenSentences) {
      out.add(
          String.format(
              Locale.ROOT,
              "sentence #%d score=%.3f (centrality=%.3f position=%.3f title=%.3f penalty=%.2f): %s",
              s.position(),
              s.score(),
              s.centrality(),
              s.positionPrior(),
              s.titleSimilarity(),
              s.penalty(),
              s.text()));
    }
    return List.copyOf(out);
  }
}
