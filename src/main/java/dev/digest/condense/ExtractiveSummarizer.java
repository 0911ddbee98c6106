package dev.digest.condense;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Picks the sentences a human editor would: TextRank over TF-IDF cosine similarity, combined with a
 * position prior (news puts the point first), similarity to the title and a stand-alone penalty,
 * then a diverse set by maximal marginal relevance (Carbonell and Goldstein, 1998).
 */
final class ExtractiveSummarizer {

  private static final Pattern LEADING_OPENERS = Pattern.compile("^[\"“‘'(\\s]+");

  static final int MIN_WORDS = 6;

  /** The similarity matrix is quadratic: very long pages are ranked on their first sentences. */
  static final int MAX_SENTENCES = 400;

  private static final int HARD_MAX_WORDS = 60;
  private static final double DAMPING = 0.85;
  private static final double MMR_LAMBDA = 0.7;
  private static final double DUPLICATE = 0.6;

  private static final Set<String> DANGLING =
      Set.of(
          "he",
          "she",
          "it",
          "they",
          "this",
          "that",
          "these",
          "those",
          "his",
          "her",
          "their",
          "its",
          "but",
          "and",
          "or",
          "so",
          "also",
          "however",
          "meanwhile",
          "still",
          "yet",
          "then",
          "there",
          "such",
          "both",
          "him",
          "them",
          "here",
          "instead",
          "moreover",
          "furthermore",
          "although",
          "though",
          "thus",
          "therefore",
          "again",
          "besides",
          "otherwise");

  private final SentenceSplitter splitter = new SentenceSplitter();

  /** The best {@code count} sentences in rank order, avoiding near-copies of {@code avoid}. */
  List<ScoredSentence> pick(
      String title, List<Paragraph> paragraphs, List<String> avoid, int count) {
    List<String> sentences = new ArrayList<>();
    for (Paragraph p : paragraphs) {
      if (!p.heading()) {
        for (String s : splitter.split(p.text())) {
          if (sentences.size() < MAX_SENTENCES) {
            sentences.add(Bullets.clean(s));
          }
        }
      }
    }
    if (sentences.isEmpty() || count <= 0) {
      return List.of();
    }
    List<List<String>> terms = new ArrayList<>();
    for (String s : sentences) {
      terms.add(TextVectors.terms(s));
    }
    List<List<String>> extra = new ArrayList<>();
    extra.add(TextVectors.terms(title == null ? "" : title));
    for (String a : avoid) {
      extra.add(TextVectors.terms(a));
    }
    List<TextVectors.Vector> vectors = TextVectors.tfidf(terms, extra);
    int n = sentences.size();
    TextVectors.Vector titleVector = vectors.get(n);
    List<TextVectors.Vector> avoidVectors = vectors.subList(n + 1, vectors.size());

    double[][] sim = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double c = vectors.get(i).cosine(vectors.get(j));
        sim[i][j] = c;
        sim[j][i] = c;
      }
    }
    double[] centrality = textRank(sim);
    double maxC = 0;
    for (double c : centrality) {
      maxC = Math.max(maxC, c);
    }

    List<Candidate> candidates = new ArrayList<>();
    boolean anyShort = false;
    for (int i = 0; i < n; i++) {
      anyShort |= eligible(sentences.get(i), Bullets.MAX_WORDS);
    }
    int maxWords = anyShort ? Bullets.MAX_WORDS : HARD_MAX_WORDS;
    for (int i = 0; i < n; i++) {
      String s = sentences.get(i);
      if (!eligible(s, maxWords) || similarToAny(vectors.get(i), avoidVectors, s, avoid)) {
        continue;
      }
      double c = maxC > 0 ? centrality[i] / maxC : 0;
      double pos = 1.0 / Math.sqrt(1.0 + i);
      double t = vectors.get(i).cosine(titleVector);
      double penalty = penalty(s);
      double score = (0.45 * c + 0.4 * pos + 0.15 * t) * penalty;
      candidates.add(new Candidate(i, s, score, c, pos, t, penalty));
    }
    if (candidates.isEmpty()) {
      // nothing passed the filters: never leave the quick summary empty when a sentence exists
      for (int i = 0; i < n && candidates.size() < count; i++) {
        if (sentences.get(i).codePoints().anyMatch(Character::isLetter)) {
          candidates.add(new Candidate(i, sentences.get(i), 0, 0, 0, 0, 0));
        }
      }
    }
    return mmr(candidates, sim, Math.min(count, budget(candidates.size())));
  }

  /**
   * Short articles get fewer bullets: about 60% of the usable sentences, at least 5 when there are.
   */
  static int budget(int usable) {
    if (usable <= 5) {
      return usable;
    }
    return Math.max(5, (int) Math.ceil(usable * 0.6));
  }

  /**
   * MMR over the sentences that stand alone first; those leaning on an antecedent ("This was...",
   * "He said...") only fill what is left.
   */
  private List<ScoredSentence> mmr(List<Candidate> candidates, double[][] sim, int count) {
    List<Candidate> chosen = new ArrayList<>();
    select(candidates.stream().filter(c -> c.penalty >= 0.85).toList(), sim, count, chosen);
    select(candidates.stream().filter(c -> c.penalty < 0.85).toList(), sim, count, chosen);
    List<ScoredSentence> out = new ArrayList<>();
    for (Candidate c : chosen) {
      out.add(
          new ScoredSentence(
              c.text, c.index, c.score, c.centrality, c.position, c.title, c.penalty));
    }
    return out;
  }

  private static void select(
      List<Candidate> candidates, double[][] sim, int count, List<Candidate> chosen) {
    List<Candidate> pool = new ArrayList<>(candidates);
    while (chosen.size() < count && !pool.isEmpty()) {
      Candidate best = null;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (Candidate c : pool) {
        double redundancy = 0;
        for (Candidate s : chosen) {
          redundancy = Math.max(redundancy, sim[c.index][s.index]);
        }
        if (redundancy > DUPLICATE) {
          continue;
        }
        double value = MMR_LAMBDA * c.score - (1 - MMR_LAMBDA) * redundancy;
        if (value > bestValue) {
          bestValue = value;
          best = c;
        }
      }
      if (best == null) {
        break;
      }
      chosen.add(best);
      pool.remove(best);
    }
  }

  /** Weighted PageRank over the similarity graph (TextRank, Mihalcea and Tarau, 2004). */
  private static double[] textRank(double[][] sim) {
    int n = sim.length;
    double[] rowSum = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        rowSum[i] += sim[i][j];
      }
    }
    double[] rank = new double[n];
    java.util.Arrays.fill(rank, 1.0 / n);
    double[] next = new double[n];
    for (int iter = 0; iter < 40; iter++) {
      double delta = 0;
      for (int i = 0; i < n; i++) {
        double in = 0;
        for (int j = 0; j < n; j++) {
          if (sim[j][i] > 0 && rowSum[j] > 0) {
            in += sim[j][i] / rowSum[j] * rank[j];
          }
        }
        next[i] = (1 - DAMPING) / n + DAMPING * in;
        delta += Math.abs(next[i] - rank[i]);
      }
      System.arraycopy(next, 0, rank, 0, n);
      if (delta < 1e-6) {
        break;
      }
    }
    return rank;
  }

  static boolean eligible(String s, int maxWords) {
    int words = Bullets.words(s);
    if (words < MIN_WORDS || words > maxWords) {
      return false;
    }
    if (Boilerplate.is(s)) {
      return false;
    }
    char last = s.charAt(s.length() - 1);
    if (".!?\"”’)'…".indexOf(last) < 0) {
      return false; // headings, captions, menu text
    }
    if (s.endsWith("...") || s.endsWith("…")) {
      return false; // a teaser cut short
    }
    int letters = 0;
    int upper = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        if (Character.isUpperCase(c)) {
          upper++;
        }
      }
    }
    return letters > 0 && upper < letters * 0.5;
  }

  /** Below 1 for sentences that lean on what came before ("He said", "This", "But"). */
  static double penalty(String s) {
    String first = LEADING_OPENERS.matcher(s).replaceFirst("");
    int end = 0;
    while (end < first.length() && Character.isLetter(first.charAt(end))) {
      end++;
    }
    String word = first.substring(0, end).toLowerCase(Locale.ROOT);
    double p = 1.0;
    if (DANGLING.contains(word)) {
      p *= 0.7;
    }
    if (!first.isEmpty() && Character.isLowerCase(first.charAt(0))) {
      p *= 0.6;
    }
    if (s.startsWith("\"") || s.startsWith("“")) {
      p *= 0.9; // a quote is rarely the point
    }
    if (s.endsWith("?")) {
      p *= 0.7;
    }
    return p;
  }

  private static boolean similarToAny(
      TextVectors.Vector v, List<TextVectors.Vector> others, String text, List<String> avoid) {
    for (TextVectors.Vector o : others) {
      if (v.cosine(o) > 0.5) {
        return true;
      }
    }
    if (avoid.isEmpty()) {
      return false;
    }
    String norm = HeadingVocabulary.normalize(text);
    for (String a : avoid) {
      String an = HeadingVocabulary.normalize(a);
      if (!an.isEmpty() && (an.contains(norm) || norm.contains(an))) {
        return true;
      }
    }
    return false;
  }

  private record Candidate(
      int index,
      String text,
      double score,
      double centrality,
      double position,
      double title,
      double penalty) {}

  static Comparator<ScoredSentence> readingOrder() {
    return Comparator.comparingInt(ScoredSentence::position);
  }
}
