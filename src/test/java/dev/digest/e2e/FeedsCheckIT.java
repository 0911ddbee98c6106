package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./digest feeds check} as a user runs it: through the launcher (its default JVM options,
 * its class-data archive) and the packaged jar, twice against a real feed server. Standard output
 * holds the table only; the second run answers 304 and still shows each feed's item count.
 */
class FeedsCheckIT {

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  @Test
  void checkTwiceShowsTheTableAndTheItemCountOfA304() throws Exception {
    assertThat(Path.of("target/digest.jar")).exists();
    try (FeedServer feeds = new FeedServer()) {
      feeds.put("/a.xml", "application/rss+xml", Fixtures.rss(feeds.url("")));
      feeds.put("/b.xml", "application/atom+xml", Fixtures.atom(feeds.url("")));
      Path config = dir.resolve("feeds.yml");
      Files.writeString(
          config,
          "digest:\n  templates: "
              + Path.of("templates").toAbsolutePath()
              + "\n  data-dir: "
              + dir.resolve("data")
              + "\nfeeds:\n  - url: "
              + feeds.url("/a.xml")
              + "\n  - url: "
              + feeds.url("/b.xml")
              + "\n");

      Run first = run("feeds", "check", "--config", config.toString());
      assertThat(first.code()).as(first.err()).isZero();
      List<String> lines = first.out().lines().toList();
      assertThat(lines.get(0)).startsWith("FEED").contains("ITEMS");
      assertThat(lines).last().isEqualTo("2 feeds, 0 failed");
      assertThat(lines).hasSize(4);
      assertThat(lines.get(1)).contains(" ok ");
      assertThat(first.err()).contains("INFO  FeedReader feeds read feeds=2 fetched=2");

      Run second = run("feeds", "check", "--config", config.toString());
      assertThat(second.code()).as(second.err()).isZero();
      List<String> again = second.out().lines().toList();
      assertThat(again).hasSize(4);
      assertThat(feeds.notModified.get()).isEqualTo(2);
      for (int i = 1; i <= 2; i++) {
        String[] cols = again.get(i).trim().split("\\s+");
        String[] before = lines.get(i).trim().split("\\s+");
        assertThat(cols[1]).isEqualTo("304");
        assertThat(cols[2])
            .as("items of a 304, from the stored state")
            .isEqualTo(before[2])
            .isNotEqualTo("-");
      }
    }
  }

  private Run run(String... args) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(List.of(Path.of("digest").toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("DIGEST_JAVA_OPTS");
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }
}
