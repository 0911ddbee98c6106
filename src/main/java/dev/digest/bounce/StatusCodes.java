package dev.digest.bounce;

/**
 * Finds SMTP status codes in text: RFC 3463 enhanced codes ({@code 5.1.1}: class, subject and
 * detail of one to three digits) and, failing those, the basic RFC 5321 replies that mean a failure
 * ({@code 550}, {@code 452}, ...). Hand-written scans over a bounded text, so a hostile body costs
 * one pass; a number inside something longer (an IP address, a version, a date) is not a code.
 */
final class StatusCodes {

  /** The basic replies that report a failed recipient or message; others are too often noise. */
  private static final int[] FAILURE_REPLIES = {421, 450, 451, 452, 454, 550, 551, 552, 553, 554};

  private StatusCodes() {}

  /** A code found in text, and the line it was found on. */
  record Found(String code, String line) {
    /** 5 for a permanent failure, 4 for a transient one, 2 for success. */
    int severity() {
      return code.charAt(0) - '0';
    }
  }

  /** The first enhanced code of class 2, 4 or 5 in {@code s}, or null. */
  static String enhanced(CharSequence s) {
    return enhanced(s, 0, s.length());
  }

  /**
   * The most severe failure code in a human-readable bounce: per line an enhanced code if there is
   * one, else a basic failure reply (as {@code X.0.0}, RFC 3463's "other or undefined"); a
   * permanent one beats a transient one, the first beats later ones. Null when there is none: a
   * bounce whose reason cannot be read is never taken for a hard one.
   */
  static Found mostSevereFailure(CharSequence text) {
    Found best = null;
    int n = text.length();
    int lineStart = 0;
    while (lineStart < n) {
      int lineEnd = lineStart;
      while (lineEnd < n && text.charAt(lineEnd) != '\n') {
        lineEnd++;
      }
      String code = enhanced(text, lineStart, lineEnd);
      if (code != null && code.charAt(0) == '2') {
        code = null;
      }
      if (code == null) {
        int basic = basicFailure(text, lineStart, lineEnd);
        code = basic < 0 ? null : (basic / 100) + ".0.0";
      }
      if (code != null && (best == null || code.charAt(0) > best.code().charAt(0))) {
        best = new Found(code, text.subSequence(lineStart, lineEnd).toString());
        if (code.charAt(0) == '5') {
          return best;
        }
      }
      lineStart = lineEnd + 1;
    }
    return best;
  }

  private static String enhanced(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if ((c != '2' && c != '4' && c != '5') || (i > from && isPartOfNumber(s.charAt(i - 1)))) {
        continue;
      }
      int j = i + 1;
      if (j >= to || s.charAt(j) != '.') {
        continue;
      }
      int subjectEnd = digits(s, j + 1, to);
      if (subjectEnd < 0 || subjectEnd >= to || s.charAt(subjectEnd) != '.') {
        continue;
      }
      int detailEnd = digits(s, subjectEnd + 1, to);
      if (detailEnd < 0 || endsInsideNumber(s, detailEnd, to)) {
        continue;
      }
      return s.subSequence(i, detailEnd).toString();
    }
    return null;
  }

  private static int basicFailure(CharSequence s, int from, int to) {
    for (int i = from; i + 3 <= to; i++) {
      char c = s.charAt(i);
      if ((c != '4' && c != '5') || (i > from && isPartOfNumber(s.charAt(i - 1)))) {
        continue;
      }
      if (!isDigit(s.charAt(i + 1)) || !isDigit(s.charAt(i + 2))) {
        continue;
      }
      int end = i + 3;
      if (end < to && !(s.charAt(end) == ' ' || s.charAt(end) == '-' || s.charAt(end) == '\r')) {
        continue;
      }
      int reply = (c - '0') * 100 + (s.charAt(i + 1) - '0') * 10 + (s.charAt(i + 2) - '0');
      for (int known : FAILURE_REPLIES) {
        if (known == reply) {
          return reply;
        }
      }
    }
    return -1;
  }

  /** The end of one to three digits starting at {@code i}, or -1. */
  private static int digits(CharSequence s, int i, int to) {
    int j = i;
    while (j < to && j - i < 4 && isDigit(s.charAt(j))) {
      j++;
    }
    return j == i || j - i > 3 ? -1 : j;
  }

  private static boolean endsInsideNumber(CharSequence s, int end, int to) {
    if (end >= to) {
      return false;
    }
    char c = s.charAt(end);
    // "5.1.1.4" is an address, "5.1.1." ends a sentence.
    return isDigit(c) || (c == '.' && end + 1 < to && isDigit(s.charAt(end + 1)));
  }

  private static boolean isPartOfNumber(char c) {
    return isDigit(c) || c == '.' || Character.isLetter(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
