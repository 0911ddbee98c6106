package dev.digest.cli;

import dev.digest.delivery.DeliveryCounts;
import dev.digest.delivery.DeliveryListener;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Delivery progress on standard error: a line rewritten in place on a terminal, a plain line every
 * few seconds otherwise (logs, CI).
 */
final class ConsoleProgress implements DeliveryListener {

  private final PrintStream err;
  private final boolean terminal = System.console() != null;
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
    int done = total == 0 ? width : (int) (width * (counts.sent() + counts.failed()) / total);
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

  private static String formatDuration(Duration d) {
    long s = d.getSeconds();
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format("%dm%02ds", s / 60, s % 60);
  }
}
