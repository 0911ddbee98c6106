package dev.digest.condense;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds an author's summary sections in plain text: a heading line ("⚡ Quick Summary", "## Key
 * Takeaways:") followed by bullet lines or short paragraphs, or a lead-in line ("TL;DR: ..."). A
 * section ends at the next heading-like line.
 */
final class TextSectionFinder {

  private static final Pattern HEADING_MARKS = Pattern.compile("^[#>\\s]+");
  private static final Pattern EMPHASIS = Pattern.compile("[*_=]+");

  private static final int MAX_PARAGRAPH_WORDS = 60;

  private final HeadingVocabulary vocabulary;

  TextSectionFinder(HeadingVocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  /** Sections found, at most one per kind (the first), plus the lines they used. */
  Result find(List<String> lines) {
    List<FoundSection> found = new ArrayList<>();
    boolean[] used = new boolean[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || used[i]) {
        continue;
      }
      Optional<SectionKind> kind = vocabulary.match(stripHeadingMarks(line));
      if (kind.isPresent() && !Bullets.isBulletLine(line)) {
        if (has(found, kind.get())) {
          continue;
        }
        List<String> bullets = new ArrayList<>();
        int end = collect(lines, i + 1, bullets);
        if (!bullets.isEmpty()) {
          found.add(new FoundSection(kind.get(), line, "text-heading", bullets));
          for (int u = i; u < end; u++) {
            used[u] = true;
          }
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0 && colon <= 40) {
        Optional<SectionKind> lead = vocabulary.match(stripHeadingMarks(line.substring(0, colon)));
        String rest = Bullets.afterLeadIn(line.substring(colon + 1));
        if (lead.isPresent() && !rest.isEmpty() && !has(found, lead.get())) {
          found.add(
              new FoundSection(
                  lead.get(),
                  line.substring(0, colon + 1),
                  "text-lead-in",
                  Bullets.fromParagraph(rest)));
          used[i] = true;
        }
      }
    }
    return new Result(found, used);
  }

  /** Collects bullets from {@code from}; returns the index after the last line used. */
  private int collect(List<String> lines, int from, List<String> bullets) {
    boolean sawBulletLines = false;
    int paragraphs = 0;
    int end = from;
    for (int i = from; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      if (Bullets.isBulletLine(line)) {
        if (paragraphs > 0) {
          break;
        }
        sawBulletLines = true;
        bullets.add(Bullets.clean(line));
        end = i + 1;
        continue;
      }
      if (sawBulletLines || isHeadingLike(line)) {
        break;
      }
      int words = Bullets.words(line);
      if (paragraphs > 0 && words > MAX_PARAGRAPH_WORDS) {
        break;
      }
      bullets.addAll(Bullets.fromParagraph(line));
      paragraphs++;
      end = i + 1;
      if (words > MAX_PARAGRAPH_WORDS || paragraphs >= 5) {
        break;
      }
    }
    return end;
  }

  /** A short line of its own that does not read as a sentence, or one of our headings. */
  boolean isHeadingLike(String line) {
    String t = line.trim();
    if (t.isEmpty() || Bullets.isBulletLine(t)) {
      return false;
    }
    if (t.startsWith("#") || vocabulary.match(stripHeadingMarks(t)).isPresent()) {
      return true;
    }
    char last = t.charAt(t.length() - 1);
    return Bullets.words(t) <= 10 && t.length() <= 80 && ".,;!…\"”".indexOf(last) < 0;
  }

  static String stripHeadingMarks(String line) {
    return EMPHASIS.matcher(HEADING_MARKS.matcher(line).replaceFirst("")).replaceAll(" ").trim();
  }

  private static boolean has(List<FoundSection> found, SectionKind kind) {
    return found.stream().anyMatch(s -> s.kind() == kind);
  }

  /** The sections and which lines they consumed. */
  record Result(List<FoundSection> sections, boolean[] usedLines) {}
}
