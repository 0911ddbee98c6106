package dev.digest.condense;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits prose into sentences without breaking at abbreviations (Mr., U.S., e.g., Inc.), decimals,
 * ellipses inside a sentence, URLs or e-mail addresses, and while still splitting where a period
 * lacks its following space ("...$10.9bn.For the year...").
 */
public final class SentenceSplitter {

  private static final Pattern BLANK_LINE = Pattern.compile("\\n\\s*\\n");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern DOTTED = Pattern.compile("(\\p{L}\\.)+\\p{L}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(com|org|net|io|dev|edu|gov|co|uk|de|fr|es|ai|app)(/\\S*)?[.,;:!?)]*");

  /** Abbreviations that are (almost) never the end of a sentence: a name or number follows. */
  private static final Set<String> NEVER_FINAL =
      Set.of(
          "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "col", "capt", "lt",
          "sgt", "rev", "hon", "mt", "ft", "no", "nos", "vol", "fig", "figs", "pp", "approx", "vs",
          "cf", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
          "mme", "mlle", "hr", "nr", "bzw", "ca", "vgl", "z.b", "d.h", "u.a", "i.e", "e.g", "al",
          "op", "art", "abs", "sr", "jr", "messrs", "pres", "supt", "adm", "cmdr", "cpl", "pvt");

  /** Abbreviations that can end a sentence: split only when a typical sentence opener follows. */
  private static final Set<String> MAYBE_FINAL =
      Set.of(
          "inc", "ltd", "corp", "co", "etc", "llc", "plc", "bros", "dept", "a.m", "p.m", "u.s",
          "u.k", "u.n", "e.u", "d.c", "ph.d", "gmbh", "ag", "s.a");

  /** Words that typically open a sentence: after "Inc." these mean a new sentence began. */
  private static final Set<String> OPENERS =
      Set.of(
          "the",
          "a",
          "an",
          "he",
          "she",
          "it",
          "they",
          "we",
          "i",
          "you",
          "this",
          "that",
          "these",
          "those",
          "there",
          "but",
          "and",
          "or",
          "so",
          "yet",
          "in",
          "on",
          "at",
          "for",
          "as",
          "its",
          "his",
          "her",
          "their",
          "our",
          "my",
          "if",
          "when",
          "while",
          "after",
          "before",
          "since",
          "however",
          "meanwhile",
          "still",
          "also",
          "then",
          "now",
          "one",
          "some",
          "many",
          "most",
          "what",
          "why",
          "how",
          "who",
          "where",
          "shares",
          "analysts",
          "officials");

  /** The sentences of {@code text}, trimmed, in order; blank lines always end a sentence. */
  public List<String> split(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String block : BLANK_LINE.split(text)) {
      splitBlock(SPACES.matcher(block).replaceAll(" ").trim(), out);
    }
    return out;
  }

  private void splitBlock(String s, List<String> out) {
    int n = s.length();
    int start = 0;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (!isTerminal(c)) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < n && isTerminal(s.charAt(j + 1))) {
        j++;
      }
      int k = j;
      while (k + 1 < n && isCloser(s.charAt(k + 1))) {
        k++;
      }
      int m = k + 1;
      if (m >= n) {
        break;
      }
      if (endsHere(s, i, j, k, m)) {
        add(out, s.substring(start, k + 1));
        start = m;
      }
      i = k + 1;
    }
    if (start < n) {
      add(out, s.substring(start));
    }
  }

  private static void add(List<String> out, String sentence) {
    String t = sentence.trim();
    if (!t.isEmpty()) {
      out.add(t);
    }
  }

  private boolean endsHere(String s, int i, int j, int k, int m) {
    boolean space = Character.isWhitespace(s.charAt(m));
    int p = m;
    while (p < s.length() && (Character.isWhitespace(s.charAt(p)) || isOpener(s.charAt(p)))) {
      p++;
    }
    if (p >= s.length()) {
      return true;
    }
    char next = s.charAt(p);
    boolean nextUpper = Character.isUpperCase(next);
    boolean nextLower = Character.isLowerCase(next);
    char c = s.charAt(i);
    boolean ellipsis = c == '…' || (c == '.' && j > i && s.charAt(i + 1) == '.');
    if (ellipsis) {
      return space && nextUpper;
    }
    if (c == '!' || c == '?' || (c == '.' && j > i)) {
      return space ? !nextLower : nextUpper;
    }
    // a single period
    String token = tokenAround(s, i);
    if (!space) {
      if (k > j) {
        return nextUpper; // ."The
      }
      if (Character.isDigit(next) || isLinkLike(token)) {
        return false; // 3.5, example.com, a@b.org
      }
      String prev = wordBefore(s, i);
      return nextUpper
          && prev.length() >= 2
          && prev.indexOf('.') < 0
          && Character.isLowerCase(prev.charAt(prev.length() - 1));
    }
    if (nextLower) {
      return false;
    }
    String prev = wordBefore(s, i).toLowerCase(Locale.ROOT);
    if (NEVER_FINAL.contains(prev)) {
      return false;
    }
    if (prev.length() == 1 && Character.isLetter(prev.charAt(0))) {
      return false; // an initial: J. K. Rowling
    }
    String original = wordBefore(s, i);
    String nextWord = wordAt(s, p);
    if (original.length() >= 2
        && isAllUpper(original)
        && nextWord.length() >= 2
        && isAllUpper(nextWord)) {
      return false; // a product name: "the VW ID. SPACE VIZZION"
    }
    boolean dotted = DOTTED.matcher(prev).matches();
    if (MAYBE_FINAL.contains(prev) || dotted) {
      return OPENERS.contains(wordAt(s, p).toLowerCase(Locale.ROOT));
    }
    return true;
  }

  /** The letters (and inner dots) right before position i, back to a space or bracket. */
  private static String wordBefore(String s, int i) {
    int b = i;
    while (b > 0 && (Character.isLetter(s.charAt(b - 1)) || s.charAt(b - 1) == '.')) {
      b--;
    }
    return s.substring(b, i);
  }

  private static boolean isAllUpper(String word) {
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (Character.isLetter(c) && !Character.isUpperCase(c)) {
        return false;
      }
    }
    return true;
  }

  private static String wordAt(String s, int p) {
    int e = p;
    while (e < s.length() && Character.isLetter(s.charAt(e))) {
      e++;
    }
    return s.substring(p, e);
  }

  private static String tokenAround(String s, int i) {
    int b = i;
    while (b > 0 && !Character.isWhitespace(s.charAt(b - 1))) {
      b--;
    }
    int e = i;
    while (e < s.length() && !Character.isWhitespace(s.charAt(e))) {
      e++;
    }
    return s.substring(b, e);
  }

  private static boolean isLinkLike(String token) {
    String t = token.toLowerCase(Locale.ROOT);
    return t.contains("://")
        || t.startsWith("www.")
        || EMAIL.matcher(t).matches()
        || DOMAIN.matcher(t).matches();
  }

  private static boolean isTerminal(char c) {
    return c == '.' || c == '!' || c == '?' || c == '…';
  }

  private static boolean isCloser(char c) {
    return c == '"' || c == '\'' || c == '”' || c == '’' || c == '»' || c == ')' || c == ']';
  }

  private static boolean isOpener(char c) {
    return c == '"' || c == '\'' || c == '“' || c == '‘' || c == '«' || c == '(' || c == '[';
  }
}
