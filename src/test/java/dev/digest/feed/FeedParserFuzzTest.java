package dev.digest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.FeedSettings;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded mutations of the fixtures: the parser returns a feed or a one-line failure, nothing else.
 */
class FeedParserFuzzTest {

  static final String[] FIXTURES = {"rss2.xml", "rss1.xml", "atom.xml", "feed.json", "broken.xml"};

  static Stream<Arguments> cases() {
    return IntStream.range(0, 60)
        .mapToObj(seed -> Arguments.of(FIXTURES[seed % FIXTURES.length], seed));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void mutatedFeedsNeverThrowAnythingButFeedParseException(String fixture, int seed)
      throws Exception {
    byte[] original;
    try (InputStream in = getClass().getResourceAsStream(fixture)) {
      original = in.readAllBytes();
    }
    Random random = new Random(seed);
    byte[] body = Arrays.copyOf(original, original.length);
    switch (seed % 3) {
      case 0: // flip bytes
        for (int i = 0; i < 1 + random.nextInt(20); i++) {
          body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        }
        break;
      case 1: // truncate
        body = Arrays.copyOf(body, random.nextInt(body.length));
        break;
      default: // drop a slice
        int from = random.nextInt(body.length);
        int to = Math.min(body.length, from + random.nextInt(200));
        byte[] cut = new byte[body.length - (to - from)];
        System.arraycopy(body, 0, cut, 0, from);
        System.arraycopy(body, to, cut, from, body.length - to);
        body = cut;
    }
    FeedSettings feed =
        new FeedSettings("https://fuzz.example.org/f", "", "", false, Optional.empty(), 0);
    try {
      ParsedFeed p =
          new FeedParser().parse(body, "", feed.url(), feed, Instant.parse("2026-03-03T12:00:00Z"));
      for (Article a : p.articles()) {
        assertThat(a.title()).isNotNull();
        assertThat(a.link()).isNotNull();
      }
    } catch (FeedParseException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
    }
  }
}
