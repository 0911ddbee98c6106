package dev.digest.config;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a size: plain bytes ({@code 1048576}) or a number with a unit {@code B}, {@code KB}, {@code
 * MB}, {@code GB} (binary multiples: 1 KB = 1024 bytes; {@code KiB}, {@code MiB}, {@code GiB} mean
 * the same).
 */
final class ByteSizeParser {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

  private ByteSizeParser() {}

  /** The number of bytes, or empty when {@code text} is not a size. */
  static OptionalLong parse(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift;
    switch (unit.charAt(0)) {
      case 'k':
        shift = 10;
        break;
      case 'm':
        shift = 20;
        break;
      case 'g':
        shift = 30;
        break;
      default:
        shift = 0;
    }
    try {
      long n = Long.parseLong(m.group(1));
      if (n > (Long.MAX_VALUE >> shift)) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(n << shift);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
