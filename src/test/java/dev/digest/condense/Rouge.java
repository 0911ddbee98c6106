package dev.digest.condense;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ROUGE-N and ROUGE-L F1 (Lin, 2004) over lowercase alphanumeric tokens, no stemming, no stop-word
 * removal; ROUGE-L is the LCS of the whole token sequences (summary-level, no sentence split).
 */
final class Rouge {

  private Rouge() {}

  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    for (String t : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  static double rougeN(List<String> candidate, List<String> reference, int n) {
    Map<String, Integer> c = ngrams(candidate, n);
    Map<String, Integer> r = ngrams(reference, n);
    int overlap = 0;
    for (Map.Entry<String, Integer> e : c.entrySet()) {
      overlap += Math.min(e.getValue(), r.getOrDefault(e.getKey(), 0));
    }
    int cn = Math.max(0, candidate.size() - n + 1);
    int rn = Math.max(0, reference.size() - n + 1);
    return f1(overlap, cn, rn);
  }

  static double rougeL(List<String> candidate, List<String> reference) {
    int[] prev = new int[reference.size() + 1];
    int[] cur = new int[reference.size() + 1];
    for (String c : candidate) {
      for (int j = 1; j <= reference.size(); j++) {
        cur[j] = c.equals(reference.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return f1(prev[reference.size()], candidate.size(), reference.size());
  }

  private static double f1(int overlap, int candidateCount, int referenceCount) {
    if (overlap == 0 || candidateCount == 0 || referenceCount == 0) {
      return 0;
    }
    double p = (double) overlap / candidateCount;
    double r = (double) overlap / referenceCount;
    return 2 * p * r / (p + r);
  }

  private static Map<String, Integer> ngrams(List<String> tokens, int n) {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i + n <= tokens.size(); i++) {
      out.merge(String.join(" ", tokens.subList(i, i + n)), 1, Integer::sum);
    }
    return out;
  }
}
