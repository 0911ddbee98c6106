package dev.digest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.FeedSettings;
import dev.digest.config.FetchSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in: {@code -Ddigest.corpus=/work/shared/corpus} reads every file of {@code feeds/} through
 * the parser. No exception may escape; the figures are logged.
 */
class FeedCorpusEvaluationTest {

  private static final Logger log = LoggerFactory.getLogger(FeedCorpusEvaluationTest.class);

  @Test
  void everyCorpusFeedParsesOrFailsWithOneLine() throws IOException {
    String corpus = System.getProperty("digest.corpus", "");
    Assumptions.assumeTrue(!corpus.isBlank(), "-Ddigest.corpus not set: skipped");
    Path dir = Path.of(corpus, "feeds");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    FetchSettings settings =
        new FetchSettings(
            4, 2, Duration.ofSeconds(5), Duration.ofSeconds(10), 10_000_000, "digest-test");
    FeedReader reader =
        new FeedReader(settings, Optional.empty(), Clock.fixed(now, ZoneOffset.UTC));
    int parsed = 0;
    int failed = 0;
    int escaped = 0;
    int parsedWithoutGoodItem = 0;
    int empty = 0;
    int withGoodItem = 0;
    List<String> failures = new ArrayList<>();
    List<String> noGoodItem = new ArrayList<>();
    for (Path f : files) {
      String url = f.toUri().toString();
      FeedSettings feed = new FeedSettings(url, "", "", false, Optional.empty(), 0);
      FeedResult r = reader.read(feed);
      if (r instanceof FeedResult.Fetched) {
        FeedResult.Fetched p = (FeedResult.Fetched) r;
        parsed++;
        boolean good =
            p.articles().stream()
                .anyMatch(
                    a -> !a.title().isBlank() && a.link().matches("(?i)(https?|file|ftp):.*"));
        boolean goodHttp =
            p.articles().stream()
                .anyMatch(a -> !a.title().isBlank() && a.link().matches("(?i)https?://.*"));
        if (p.articles().isEmpty()) {
          empty++;
        } else if (good) {
          withGoodItem++;
        }
        if (!good || !goodHttp) {
          parsedWithoutGoodItem++;
          noGoodItem.add(f.getFileName() + " items=" + p.articles().size());
        }
      } else {
        String error = ((FeedResult.Failed) r).error();
        assertThat(error).doesNotContain("\n").isNotBlank();
        // The reader turns an exception that escaped the parser into "internal error": count it.
        if (error.startsWith("internal error")) {
          escaped++;
        } else {
          failed++;
        }
        failures.add(f.getFileName() + ": " + error);
      }
    }
    failures.forEach(s -> log.info("corpus feed failed {}", s));
    noGoodItem.forEach(s -> log.info("corpus feed without http item {}", s));
    log.info(
        "corpus feeds files={} parsed={} failed={} escaped={} parsed_with_titled_absolute_item={}"
            + " parsed_empty={} parsed_without_titled_http_item={}",
        files.size(),
        parsed,
        failed,
        escaped,
        withGoodItem,
        empty,
        parsedWithoutGoodItem);
    reader.close();
    assertThat(escaped).isZero();
    assertThat(parsed).isGreaterThan(files.size() / 2);
  }
}
