package dev.digest.condense;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The headings that introduce an author's own summary sections, matched case-, accent-,
 * punctuation- and emoji-insensitively ("⚡ Quick Summary:" is "quick summary").
 */
public final class HeadingVocabulary {

  private static final List<String> QUICK =
      List.of(
          "quick summary",
          "summary",
          "tl dr",
          "tldr",
          "tl dr summary",
          "in brief",
          "brief",
          "at a glance",
          "the gist",
          "gist",
          "highlights",
          "key highlights",
          "story highlights",
          "in short",
          "short summary",
          "executive summary",
          "article summary",
          "summary box",
          "the short version",
          "quick take",
          "quick read",
          "in a nutshell",
          "overview",
          "quick facts",
          "need to know",
          // German
          "das wichtigste in kurze",
          "das wichtigste in kuerze",
          "in kurze",
          "kurz gesagt",
          "zusammenfassung",
          "auf einen blick",
          "kurzfassung",
          "das wichtigste",
          // French
          "en bref",
          "resume",
          "en resume",
          "l essentiel",
          "en un coup d oeil",
          "en quelques mots",
          "synthese",
          // Spanish
          "en resumen",
          "resumen",
          "en breve",
          "lo esencial",
          "de un vistazo",
          "en pocas palabras",
          "sintesis");

  private static final List<String> TAKEAWAYS =
      List.of(
          "key takeaways",
          "takeaways",
          "the takeaway",
          "takeaway",
          "key takeaway",
          "main takeaways",
          "key points",
          "main points",
          "key facts",
          "the key points",
          "what you need to know",
          "what to know",
          "the bottom line",
          "bottom line",
          "the big picture",
          "why it matters",
          "what we know",
          "key findings",
          "key lessons",
          "lessons learned",
          // German
          "die wichtigsten punkte",
          "wichtigste punkte",
          "das mussen sie wissen",
          "das muessen sie wissen",
          "kernaussagen",
          "fazit",
          "die wichtigsten erkenntnisse",
          // French
          "a retenir",
          "ce qu il faut retenir",
          "points cles",
          "les points cles",
          "ce qu il faut savoir",
          "les points essentiels",
          // Spanish
          "puntos clave",
          "claves",
          "conclusiones",
          "conclusiones clave",
          "lo que debes saber",
          "lo que hay que saber",
          "ideas clave",
          "lo mas importante");

  /** Longer text is never a heading of ours. */
  static final int MAX_HEADING_CHARS = 80;

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private final Map<String, SectionKind> headings;

  /** With the built-in vocabulary only. */
  public HeadingVocabulary() {
    this(List.of(), List.of());
  }

  /** The built-in vocabulary plus extra headings (from feeds.yml). */
  public HeadingVocabulary(List<String> extraQuick, List<String> extraTakeaways) {
    Map<String, SectionKind> map = new HashMap<>();
    QUICK.forEach(h -> map.put(normalize(h), SectionKind.QUICK_SUMMARY));
    TAKEAWAYS.forEach(h -> map.put(normalize(h), SectionKind.TAKEAWAYS));
    extraQuick.forEach(h -> map.put(normalize(h), SectionKind.QUICK_SUMMARY));
    extraTakeaways.forEach(h -> map.put(normalize(h), SectionKind.TAKEAWAYS));
    map.remove("");
    this.headings = Map.copyOf(map);
  }

  /** The kind of section a heading text introduces, if it is one of ours. */
  public Optional<SectionKind> match(String headingText) {
    if (headingText == null || headingText.length() > MAX_HEADING_CHARS) {
      return Optional.empty();
    }
    return Optional.ofNullable(headings.get(normalize(headingText)));
  }

  /**
   * Lower case, accents stripped, every run of non-letters/digits (punctuation, emoji, symbols)
   * turned into one space, trimmed.
   */
  public static String normalize(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
    String plain = MARKS.matcher(decomposed).replaceAll("");
    return NON_WORD.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
  }
}
