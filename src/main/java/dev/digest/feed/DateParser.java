package dev.digest.feed;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Lenient date parsing for JSON Feed: RFC 3339 first, then the shapes seen in the wild. */
final class DateParser {

  private DateParser() {}

  static Optional<Instant> parse(String value) {
    String v = value == null ? "" : value.trim();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(v).toInstant());
    } catch (DateTimeParseException ignored) {
      // next shape
    }
    try {
      return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException ignored) {
      // next shape
    }
    try {
      return Optional.of(LocalDateTime.parse(v.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException ignored) {
      // next shape
    }
    try {
      return Optional.of(LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException ignored) {
      return Optional.empty();
    }
  }
}
