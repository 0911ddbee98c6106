package dev.digest.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration written as ISO-8601 ({@code PT30S}, {@code P7D}) or in the friendly form {@code
 * 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 7d}, {@code 1w}, also combined ({@code
 * 1h30m}).
 */
final class DurationParser {

  private static final Pattern PART = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");
  private static final Pattern FRIENDLY = Pattern.compile("(?:\\d+\\s*(?:ms|s|m|h|d|w)\\s*)+");

  private DurationParser() {}

  /** The duration, or empty when {@code text} is neither form. */
  static Optional<Duration> parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("p") || s.startsWith("-p")) {
      try {
        return Optional.of(Duration.parse(s.toUpperCase(Locale.ROOT)));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    if (!FRIENDLY.matcher(s).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(s);
    try {
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total = total.plus(unit(n, m.group(2)));
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.of(total);
  }

  private static Duration unit(long n, String unit) {
    switch (unit) {
      case "ms":
        return Duration.ofMillis(n);
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      case "d":
        return Duration.ofDays(n);
      default:
        return Duration.ofDays(Math.multiplyExact(n, 7));
    }
  }
}
