package dev.digest.edition;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Near-identical titles: equal after normalizing, or token Jaccard similarity of at least 0.9. */
final class TitleSimilarity {

  static final double THRESHOLD = 0.9;

  private TitleSimilarity() {}

  /** Lowercased words without accents and punctuation, joined by single spaces. */
  static String normalize(String title) {
    String folded =
        Normalizer.normalize(title, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT);
    return folded.replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
  }

  static Set<String> tokens(String normalized) {
    Set<String> tokens = new HashSet<>();
    for (String t : normalized.split(" ")) {
      if (!t.isEmpty()) {
        tokens.add(t);
      }
    }
    return tokens;
  }

  static boolean similar(Set<String> a, Set<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return false;
    }
    int small = Math.min(a.size(), b.size());
    int large = Math.max(a.size(), b.size());
    // |A∩B| <= min and |A∪B| >= max: skip pairs that cannot reach the threshold.
    if ((double) small / large < THRESHOLD) {
      return false;
    }
    int common = 0;
    for (String t : a.size() <= b.size() ? a : b) {
      if ((a.size() <= b.size() ? b : a).contains(t)) {
        common++;
      }
    }
    int union = a.size() + b.size() - common;
    return (double) common / union >= THRESHOLD;
  }
}
