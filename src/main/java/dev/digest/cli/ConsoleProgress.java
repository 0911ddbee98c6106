package dev.digest.cli;

import dev.digest.delivery.DeliveryCounts;
import dev.digest.delivery.DeliveryListener;
import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Delivery progress on standard error: a line rewritten in place on a terminal, a plain line every
 * few seconds otherwise (logs, CI).
 */
final class ConsoleProgress implements DeliveryListener {

  private final PrintStream err;
  private final boolean terminal = isTerminal();
  private long lastPrint;

  ConsoleProgress(PrintStream err) {
    this.err = err;
  }

  @Override
  public synchronized void onProgress(DeliveryCounts counts, double ratePerSecond) {
    long now = System.nanoTime();
    long every = terminal ? 200_000_000L : 5_000_000_000L;
    if (now - lastPrint < every && counts.remaining() > 0) {
      return;
    }
    lastPrint = now;
    long total = counts.total();
    int width = 30;
    int done =
        total == 0 ? width : (int) ((long) width * (counts.sent() + counts.failed()) / total);
    String eta =
        ratePerSecond > 0 && counts.remaining() > 0
            ? formatDuration(Duration.ofSeconds((long) (counts.remaining() / ratePerSecond)))
            : "-";
    String line =
        String.format(
            "[%s%s] %d sent, %d failed, %d remaining, %.1f msg/s, ETA %s",
            "#".repeat(done),
            " ".repeat(width - done),
            counts.sent(),
            counts.failed(),
            counts.remaining(),
            ratePerSecond,
            eta);
    if (terminal) {
      err.print("\r" + line + (counts.remaining() == 0 ? "\n" : ""));
    } else {
      err.println(line);
    }
    err.flush();
  }

  /**
   * Whether standard output is an interactive terminal. Up to JDK 21 System.console() is null
   * otherwise; from JDK 22 it always returns a console, and only Console.isTerminal() (JDK 22+,
   * called reflectively since we build for 17) tells, so a log file never gets the redrawn bar.
   */
  static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // JDK 17-21: a console exists only for a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  private static String formatDuration(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format("%dm%02ds", s / 60, s % 60);
  }
}
