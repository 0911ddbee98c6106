package dev.digest.bounce;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The blocks of header-like fields in the body of a {@code message/delivery-status} (RFC 3464 2.1:
 * one per-message block, then one block per recipient, separated by blank lines) or a {@code
 * message/feedback-report} (RFC 5965: one block). Names are lowercased, values unfolded and
 * trimmed; the first occurrence of a name in a block wins. Lines that are no field are skipped, as
 * tolerant readers of these reports do.
 */
final class FieldBlocks {

  /** More blocks than any real report has recipients in one notification: the rest is ignored. */
  static final int MAX_BLOCKS = 500;

  private FieldBlocks() {}

  static List<Map<String, String>> parse(String body) {
    List<Map<String, String>> blocks = new ArrayList<>();
    Map<String, String> block = new HashMap<>();
    String name = null;
    StringBuilder value = new StringBuilder();
    int n = body.length();
    int i = 0;
    while (i <= n && blocks.size() < MAX_BLOCKS) {
      int end = body.indexOf('\n', i);
      if (end < 0) {
        end = n;
      }
      int lineEnd = end > i && body.charAt(end - 1) == '\r' ? end - 1 : end;
      boolean blank = isBlank(body, i, lineEnd);
      boolean continuation = !blank && (body.charAt(i) == ' ' || body.charAt(i) == '\t');
      if (continuation && name != null) {
        value.append(' ').append(body, i, lineEnd);
      } else {
        if (name != null) {
          block.putIfAbsent(name, value.toString().trim());
          name = null;
        }
        if (blank) {
          if (!block.isEmpty()) {
            blocks.add(block);
            block = new HashMap<>();
          }
        } else if (!continuation) {
          int colon = body.indexOf(':', i);
          if (colon > i && colon < lineEnd) {
            name = body.substring(i, colon).trim().toLowerCase(Locale.ROOT);
            value.setLength(0);
            value.append(body, colon + 1, lineEnd);
          }
        }
      }
      i = end + 1;
    }
    if (name != null) {
      block.putIfAbsent(name, value.toString().trim());
    }
    if (!block.isEmpty() && blocks.size() < MAX_BLOCKS) {
      blocks.add(block);
    }
    return blocks;
  }

  private static boolean isBlank(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }
}
