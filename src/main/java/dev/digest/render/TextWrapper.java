package dev.digest.render;

/**
 * Wraps rendered plain text for mail readers (RFC 3676 asks for lines under 78 characters): long
 * lines break at spaces with a hanging indent under bullets and numbers; a word longer than the
 * width (a URL) stays whole on its own line. Also trims trailing spaces and runs of blank lines
 * that template tags leave behind.
 */
final class TextWrapper {

  private TextWrapper() {}

  static String tidy(String text, int width) {
    StringBuilder out = new StringBuilder(text.length() + 256);
    int blank = 0;
    boolean started = false;
    for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
      String trimmed = line.stripTrailing();
      if (trimmed.isEmpty()) {
        blank++;
        continue;
      }
      if (started && blank > 0) {
        out.append('\n'); // at most one blank line in a row
      }
      blank = 0;
      started = true;
      wrap(trimmed, width, out);
    }
    return out.toString();
  }

  private static void wrap(String line, int width, StringBuilder out) {
    if (line.length() <= width) {
      out.append(line).append('\n');
      return;
    }
    String indent = " ".repeat(hangingIndent(line));
    int indentOfFirst = leadingSpaces(line);
    StringBuilder current = new StringBuilder(line.substring(0, indentOfFirst));
    boolean empty = true;
    // Words of the line after its own leading indent.
    for (String word : line.substring(indentOfFirst).split(" +")) {
      int needed = current.length() + (empty ? 0 : 1) + word.length();
      if (!empty && needed > width) {
        out.append(current).append('\n');
        current = new StringBuilder(indent);
        empty = true;
      }
      if (!empty) {
        current.append(' ');
      }
      current.append(word);
      empty = false;
    }
    out.append(current).append('\n');
  }

  /** Where continuation lines start: under the text after "- ", "* ", "12. " or "[3] ". */
  static int hangingIndent(String line) {
    int i = leadingSpaces(line);
    String rest = line.substring(i);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^(?:[-*•] |\\d{1,3}\\. |\\[\\d{1,3}\\] )").matcher(rest);
    return m.find() ? i + m.end() : i;
  }

  private static int leadingSpaces(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }
}
