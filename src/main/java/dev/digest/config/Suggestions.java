package dev.digest.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the valid word nearest to a misspelt one (keys, enum values, time zones). */
final class Suggestions {

  private Suggestions() {}

  /**
   * The candidate nearest to {@code typed} by edit distance (with adjacent transpositions, so
   * {@code titel} is one edit from {@code title}), when it is near enough to be a plausible typo.
   */
  static Optional<String> nearest(String typed, Collection<String> candidates) {
    String a = normalize(typed);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(a, normalize(candidate));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    int allowed = Math.max(2, best.length() / 3);
    return bestDistance <= allowed && bestDistance < a.length()
        ? Optional.of(best)
        : Optional.empty();
  }

  /** {@code " (did you mean 'x'?)"} or the empty string. */
  static String didYouMean(String typed, Collection<String> candidates) {
    return nearest(typed, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
  }

  // Case and snake_case are the commonest slips: they cost nothing.
  private static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Optimal string alignment distance. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
