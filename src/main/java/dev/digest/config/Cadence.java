package dev.digest.config;

import java.util.Objects;

/**
 * One cadence readers may choose ({@code digest.cadences[]}): its name ({@code daily}, {@code
 * weekly}, {@code monthly}, ...) and the Quartz cron on which its edition is built. Each cadence
 * has its own editions, whose window runs from that cadence's previous edition.
 *
 * @param window the oldest article its edition may take: {@code cadences[].window}, else the longer
 *     of {@code digest.window} and the cron's longest interval (a monthly edition looks back a
 *     month, not a week)
 */
public record Cadence(String name, String schedule, java.time.Duration window) {

  /** The cadence's name when feeds.yml offers only one, by {@code digest.schedule}. */
  public static final String DEFAULT_NAME = "weekly";

  public Cadence {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(window, "window");
  }

  /**
   * The longest of the next few intervals between fires of {@code cron} (months differ, so three
   * are looked at); zero when it fires fewer than four more times.
   */
  static java.time.Duration longestInterval(String cron, java.time.ZoneId zone) {
    try {
      org.quartz.CronExpression e = new org.quartz.CronExpression(cron);
      e.setTimeZone(java.util.TimeZone.getTimeZone(zone));
      java.util.Date t = e.getNextValidTimeAfter(new java.util.Date());
      java.time.Duration longest = java.time.Duration.ZERO;
      for (int i = 0; i < 3 && t != null; i++) {
        java.util.Date next = e.getNextValidTimeAfter(t);
        if (next == null) {
          break;
        }
        java.time.Duration d = java.time.Duration.between(t.toInstant(), next.toInstant());
        longest = d.compareTo(longest) > 0 ? d : longest;
        t = next;
      }
      return longest;
    } catch (java.text.ParseException e) {
      return java.time.Duration.ZERO;
    }
  }
}
