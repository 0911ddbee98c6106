package dev.digest.bounce;

import java.util.Optional;

/** Message-IDs out of header values and quoted header lines, without their angle brackets. */
final class MessageIds {

  static final int MAX_LENGTH = 250;

  private MessageIds() {}

  /** The first {@code <id>} of a Message-ID or In-Reply-To value (a bare id is taken too). */
  static Optional<String> first(String value) {
    if (value == null) {
      return Optional.empty();
    }
    int lt = value.indexOf('<');
    if (lt < 0) {
      String bare = value.strip();
      return bare.indexOf('@') > 0 ? valid(bare) : Optional.empty();
    }
    int gt = value.indexOf('>', lt);
    return gt < 0 ? Optional.empty() : valid(value.substring(lt + 1, gt).strip());
  }

  /** The last {@code <id>} of a References value: the message that was replied to. */
  static Optional<String> last(String value) {
    if (value == null) {
      return Optional.empty();
    }
    int gt = value.lastIndexOf('>');
    int lt = gt < 0 ? -1 : value.lastIndexOf('<', gt);
    return lt < 0 ? Optional.empty() : valid(value.substring(lt + 1, gt).strip());
  }

  /**
   * The Message-ID of header lines quoted in a bounce's text ({@code Message-ID: <...>}, maybe
   * indented or quoted with {@code >}, the id maybe on the next line).
   */
  static Optional<String> quoted(String text) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      int end = text.indexOf('\n', i);
      if (end < 0) {
        end = n;
      }
      int j = i;
      while (j < end
          && (text.charAt(j) == ' ' || text.charAt(j) == '\t' || text.charAt(j) == '>')) {
        j++;
      }
      if (text.regionMatches(true, j, "message-id", 0, 10)) {
        int colon = j + 10;
        while (colon < end && text.charAt(colon) == ' ') {
          colon++;
        }
        if (colon < end && text.charAt(colon) == ':') {
          String rest = text.substring(colon + 1, end);
          if (rest.indexOf('<') < 0 && end < n) {
            int next = text.indexOf('\n', end + 1);
            rest = text.substring(end + 1, next < 0 ? n : next);
          }
          Optional<String> id = first(rest);
          if (id.isPresent()) {
            return id;
          }
        }
      }
      i = end + 1;
    }
    return Optional.empty();
  }

  private static Optional<String> valid(String id) {
    if (id.isEmpty() || id.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c <= ' ' || c == '<' || c == '>' || c == 0x7f) {
        return Optional.empty();
      }
    }
    return Optional.of(id);
  }
}
