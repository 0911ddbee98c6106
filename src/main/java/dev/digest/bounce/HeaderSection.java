package dev.digest.bounce;

/**
 * Checks that a message starts with an RFC 5322 header section before Jakarta Mail reads it:
 * Jakarta Mail takes any line for a header, so binary garbage or a bare body would otherwise
 * "parse". A first {@code From } line (the mbox separator a pipe transport may prepend) is skipped.
 * One pass over the header bytes.
 */
final class HeaderSection {

  private HeaderSection() {}

  /** Where the header section starts, or why there is none. */
  sealed interface Check {
    record Ok(int start) implements Check {}

    record Bad(String reason) implements Check {}
  }

  static Check check(byte[] raw) {
    int i = 0;
    if (startsWith(raw, "From ") && !isObsoleteFromField(raw)) {
      i = nextLine(raw, 0);
    }
    int start = i;
    int fields = 0;
    int lineNumber = 0;
    while (i < raw.length) {
      lineNumber++;
      int end = lineEnd(raw, i);
      if (end == i) {
        break; // the blank line that ends the header section
      }
      byte first = raw[i];
      if (first == ' ' || first == '\t') {
        if (fields == 0) {
          return new Check.Bad("the header starts with a continuation line");
        }
      } else {
        int colon = i;
        while (colon < end && isFieldNameByte(raw[colon])) {
          colon++;
        }
        int nameEnd = colon;
        while (colon < end && (raw[colon] == ' ' || raw[colon] == '\t')) {
          colon++; // RFC 5322 4.5.3: obsolete white space before the colon
        }
        if (nameEnd == i || colon >= end || raw[colon] != ':') {
          return new Check.Bad("header line " + lineNumber + " is not a field");
        }
        fields++;
      }
      for (int j = i; j < end; j++) {
        int b = raw[j] & 0xff;
        if (b < 0x20 && b != '\t' && b != '\r') {
          return new Check.Bad("header line " + lineNumber + " holds control characters");
        }
      }
      i = nextLine(raw, i);
    }
    if (fields == 0) {
      return new Check.Bad("no header fields");
    }
    return new Check.Ok(start);
  }

  /** {@code From : x} is a field with RFC 5322 4.5.3's obsolete space, not an mbox line. */
  private static boolean isObsoleteFromField(byte[] raw) {
    int i = 4;
    while (i < raw.length && (raw[i] == ' ' || raw[i] == '\t')) {
      i++;
    }
    return i < raw.length && raw[i] == ':';
  }

  private static boolean isFieldNameByte(byte b) {
    return b >= 33 && b <= 126 && b != ':';
  }

  /** The end of the line at {@code i}, before its CRLF or LF. */
  private static int lineEnd(byte[] raw, int i) {
    int j = i;
    while (j < raw.length && raw[j] != '\n') {
      j++;
    }
    return j > i && raw[j - 1] == '\r' ? j - 1 : j;
  }

  private static int nextLine(byte[] raw, int i) {
    int j = i;
    while (j < raw.length && raw[j] != '\n') {
      j++;
    }
    return Math.min(j + 1, raw.length);
  }

  private static boolean startsWith(byte[] raw, String prefix) {
    if (raw.length < prefix.length()) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (raw[k] != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
