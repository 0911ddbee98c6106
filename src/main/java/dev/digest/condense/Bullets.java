package dev.digest.condense;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Cleans an author's bullet text and turns a paragraph into bullets. */
final class Bullets {

  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern BULLET_LINE = Pattern.compile("(?:[-*•·▪‣◦–]|\\d{1,2}[.)])\\s+\\S");

  static final int MAX_WORDS = 40;
  private static final Pattern MARKER =
      Pattern.compile("^(?:[-*•·▪‣◦–—>]+|\\(?\\d{1,2}[.)]|\\(?[a-zA-Z][.)](?=\\s))\\s*");
  private static final Pattern LEAD_PUNCT = Pattern.compile("^[\\s:;,.\\-–—|]+");
  private static final Pattern EMPHASIS = Pattern.compile("(\\*\\*|__|`)");
  private static final SentenceSplitter SPLITTER = new SentenceSplitter();
  private static final Pattern ATTRIBUTION = Pattern.compile("\\[[^\\]]{1,40}\\]|\\([^)]{1,40}\\)");

  private Bullets() {}

  /** Bullet marker, markdown emphasis and surrounding whitespace removed. */
  static String clean(String text) {
    String t = text.replace('\u00a0', ' ');
    if (t.contains("  ") || t.indexOf('\n') >= 0 || t.indexOf('\t') >= 0 || t.indexOf('\r') >= 0) {
      t = SPACES.matcher(t).replaceAll(" ");
    }
    t = t.trim();
    t = MARKER.matcher(t).replaceFirst("");
    if (t.contains("**") || t.contains("__") || t.indexOf('`') >= 0) {
      t = EMPHASIS.matcher(t).replaceAll("");
    }
    return t.trim();
  }

  /** Text after a lead-in ("TL;DR: ...") with the separating punctuation removed. */
  static String afterLeadIn(String rest) {
    return LEAD_PUNCT.matcher(rest).replaceFirst("").trim();
  }

  /**
   * A short paragraph is one bullet; a long one becomes its sentences. A source label on its own
   * ("[The Verge]", "(Reuters)") says where the bullet above came from: it is not a bullet.
   */
  static List<String> fromParagraph(String paragraph) {
    String t = clean(paragraph);
    List<String> out = new ArrayList<>();
    if (t.isEmpty() || ATTRIBUTION.matcher(t).matches()) {
      return out;
    }
    if (words(t) <= MAX_WORDS) {
      out.add(t);
    } else {
      out.addAll(SPLITTER.split(t));
    }
    return out;
  }

  static int words(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      return 0;
    }
    int count = 1;
    for (int i = 1; i < t.length(); i++) {
      if (Character.isWhitespace(t.charAt(i)) && !Character.isWhitespace(t.charAt(i - 1))) {
        count++;
      }
    }
    return count;
  }

  static boolean isBulletLine(String line) {
    String t = line.trim();
    return BULLET_LINE.matcher(t).lookingAt();
  }
}
