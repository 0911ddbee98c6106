package dev.digest.condense;

/**
 * A sentence the extractive summarizer picked: its text, its position among the article's sentences
 * (0-based), its final score and the parts of that score.
 */
public record ScoredSentence(
    String text,
    int position,
    double score,
    double centrality,
    double positionPrior,
    double titleSimilarity,
    double penalty) {}
