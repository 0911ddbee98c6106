package dev.digest.condense;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Bag-of-words TF-IDF vectors (stop words out, light suffix stemming) and their cosine. */
final class TextVectors {

  private static final Set<String> STOP =
      Set.of(
          "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for",
          "with", "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its",
          "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "his", "her",
          "their", "our", "your", "my", "me", "him", "them", "us", "has", "have", "had", "do",
          "does", "did", "not", "no", "so", "than", "then", "there", "here", "also", "into",
          "about", "over", "after", "before", "up", "down", "out", "will", "would", "can", "could",
          "should", "may", "might", "must", "said", "says", "say", "which", "who", "what", "when",
          "where", "why", "how", "all", "any", "some", "more", "most", "other", "such", "only",
          "own", "same", "just", "very", "s", "t", "one", "new", "mr", "mrs", "ms", "de", "la",
          "le", "les", "el", "der", "die", "das", "und", "et", "y", "en");

  private TextVectors() {}

  /** Lowercase word stems of {@code text} without stop words. */
  static List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    String lower = text.toLowerCase(Locale.ROOT);
    int n = lower.length();
    int i = 0;
    while (i < n) {
      while (i < n && !Character.isLetterOrDigit(lower.charAt(i))) {
        i++;
      }
      int b = i;
      while (i < n && (Character.isLetterOrDigit(lower.charAt(i)) || lower.charAt(i) == '\'')) {
        i++;
      }
      if (i > b) {
        String w = lower.substring(b, i);
        int apos = w.indexOf('\'');
        if (apos >= 0) {
          w = w.substring(0, apos);
        }
        if (w.length() > 1 && !STOP.contains(w)) {
          out.add(stem(w));
        }
      }
    }
    return out;
  }

  static String stem(String w) {
    int n = w.length();
    if (n > 5 && w.endsWith("ing")) {
      return w.substring(0, n - 3);
    }
    if (n > 4 && w.endsWith("ies")) {
      return w.substring(0, n - 3) + "y";
    }
    if (n > 4 && w.endsWith("ed")) {
      return w.substring(0, n - 2);
    }
    if (n > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) {
      return w.substring(0, n - 1);
    }
    return w;
  }

  /** Sparse vectors, L2-normalized, sorted by term id. */
  record Vector(int[] ids, double[] weights) {
    static final Vector EMPTY = new Vector(new int[0], new double[0]);

    double cosine(Vector o) {
      double dot = 0;
      int i = 0;
      int j = 0;
      while (i < ids.length && j < o.ids.length) {
        if (ids[i] == o.ids[j]) {
          dot += weights[i++] * o.weights[j++];
        } else if (ids[i] < o.ids[j]) {
          i++;
        } else {
          j++;
        }
      }
      return dot;
    }
  }

  /** TF-IDF vectors of each document, IDF taken over the documents themselves. */
  static List<Vector> tfidf(List<List<String>> docs, List<List<String>> extra) {
    Map<String, Integer> ids = new HashMap<>();
    int[] df = new int[16];
    for (List<String> doc : docs) {
      for (String t : new HashSet<>(doc)) {
        int id = ids.computeIfAbsent(t, k -> ids.size());
        if (id >= df.length) {
          df = Arrays.copyOf(df, df.length * 2);
        }
        df[id]++;
      }
    }
    int n = docs.size();
    List<Vector> out = new ArrayList<>();
    List<List<String>> all = new ArrayList<>(docs);
    all.addAll(extra);
    for (List<String> doc : all) {
      int[] termIds = new int[doc.size()];
      int m = 0;
      for (String t : doc) {
        Integer id = ids.get(t);
        if (id != null) {
          termIds[m++] = id;
        }
      }
      Arrays.sort(termIds, 0, m);
      int distinct = 0;
      for (int k = 0; k < m; k++) {
        if (k == 0 || termIds[k] != termIds[k - 1]) {
          distinct++;
        }
      }
      int[] keys = new int[distinct];
      double[] w = new double[distinct];
      double norm = 0;
      int slot = -1;
      for (int k = 0; k < m; k++) {
        if (k == 0 || termIds[k] != termIds[k - 1]) {
          slot++;
          keys[slot] = termIds[k];
        }
        w[slot] += 1; // raw count first
      }
      for (int k = 0; k < distinct; k++) {
        double idf = Math.log((n + 1.0) / (df[keys[k]] + 0.5));
        w[k] = (1 + Math.log(w[k])) * Math.max(idf, 0.05);
        norm += w[k] * w[k];
      }
      if (norm > 0) {
        double scale = Math.sqrt(norm);
        for (int k = 0; k < distinct; k++) {
          w[k] /= scale;
        }
      }
      out.add(distinct == 0 ? Vector.EMPTY : new Vector(keys, w));
    }
    return out;
  }
}
