package dev.digest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check's table, padded by hand, reads exactly as the printf format it replaced. */
class FeedsTableTest {

  private static final String FORMAT = "%-40s %-8s %6s %5s %6.1fs  %s%n";

  @Test
  void rowsReadAsPrintfWouldPrintThem() {
    List<Object[]> rows =
        List.of(
            new Object[] {"http://127.0.0.1:8080/feed.xml", "ok", "20", "3", 49L, ""},
            new Object[] {"Example feed", "304", "20", "-", 1_050L, ""},
            new Object[] {
              FeedsCommand.abbreviate(
                  "https://a-very-long-host.example.org/feeds/all.atom.xml", 40),
              "failed",
              "-",
              "-",
              30_000L,
              "read timeout after 30.0 s"
            },
            new Object[] {"x", "ok", "1234567", "123456", 123_456_789L, "wider than the columns"},
            new Object[] {"zero", "ok", "0", "0", 0L, ""},
            new Object[] {"halves", "ok", "1", "1", 1_250L, ""},
            new Object[] {"below a half", "ok", "1", "1", 1_249L, ""});
    for (Object[] r : rows) {
      StringBuilder b = new StringBuilder();
      Duration elapsed = Duration.ofMillis((Long) r[4]);
      FeedsCommand.row(
          b,
          (String) r[0],
          (String) r[1],
          (String) r[2],
          (String) r[3],
          FeedsCommand.seconds(elapsed),
          (String) r[5]);
      assertThat(b.toString())
          .isEqualTo(
              String.format(
                  java.util.Locale.ROOT,
                  FORMAT,
                  r[0],
                  r[1],
                  r[2],
                  r[3],
                  elapsed.toMillis() / 1000.0,
                  r[5]));
    }
  }

  @Test
  void headerKeepsItsColumns() {
    StringBuilder b = new StringBuilder();
    FeedsCommand.row(b, "FEED", "STATUS", "ITEMS", "NEW", "TIME", "LAST ERROR");
    assertThat(b.toString())
        .isEqualTo(
            String.format(
                "%-40s %-8s %6s %5s %7s  %s%n",
                "FEED", "STATUS", "ITEMS", "NEW", "TIME", "LAST ERROR"));
  }
}
