package dev.digest.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import dev.digest.feed.FeedState;
import dev.digest.feed.FeedStateRepository;
import dev.digest.store.Database;
import dev.digest.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed health the admin pages and /metrics show: the live feed list, in its order, joined to
 * the stored fetch state, whatever other rows {@code feed_state} still holds.
 */
class FeedHealthViewTest {

  @TempDir Path dir;

  private final Database db = TestDatabase.h2().open();
  private final FeedStateRepository states = new FeedStateRepository(db);

  @AfterEach
  void close() {
    db.close();
  }

  private DigestConfig config(String feeds) throws Exception {
    Path f = dir.resolve("feeds.yml");
    Files.writeString(
        f,
        "digest:\n  templates: "
            + Path.of("templates").toAbsolutePath()
            + "\nmail:\n  smtp: { host: 127.0.0.1, port: 9, security: none }\nfeeds:\n"
            + feeds);
    return ConfigLoader.load(f);
  }

  @Test
  void everyLiveFeedInOrderWithItsStateAndNeverFetchedAsStatusZero() throws Exception {
    Instant t = Instant.parse("2026-03-03T12:00:00Z");
    states.save(
        new FeedState(
            "http://127.0.0.1:9/b.xml",
            Optional.empty(),
            Optional.empty(),
            503,
            Optional.of("HTTP 503"),
            Optional.of(t),
            Optional.of(t.minusSeconds(3600)),
            4,
            2,
            Optional.of(t.plusSeconds(600)),
            Optional.empty(),
            0));
    states.save(FeedState.fresh("http://127.0.0.1:9/gone.xml"));
    LiveConfig live =
        new LiveConfig(
            config(
                "  - url: http://127.0.0.1:9/a.xml\n"
                    + "  - url: http://127.0.0.1:9/b.xml\n"
                    + "  - { url: http://127.0.0.1:9/c.xml, disabled: true }\n"));
    FeedHealthView view = new FeedHealthView(states, live);

    assertThat(view.all())
        .containsExactly(
            new FeedHealth(
                "http://127.0.0.1:9/a.xml",
                0,
                "",
                Optional.empty(),
                Optional.empty(),
                0,
                0,
                Optional.empty(),
                false),
            new FeedHealth(
                "http://127.0.0.1:9/b.xml",
                503,
                "HTTP 503",
                Optional.of(t),
                Optional.of(t.minusSeconds(3600)),
                2,
                4,
                Optional.of(t.plusSeconds(600)),
                false),
            new FeedHealth(
                "http://127.0.0.1:9/c.xml",
                0,
                "",
                Optional.empty(),
                Optional.empty(),
                0,
                0,
                Optional.empty(),
                true));

    // A reload that drops two feeds: the view follows the live list at once.
    DigestConfig fewer = config("  - url: http://127.0.0.1:9/b.xml\n");
    live.reloaded(fewer, ConfigReport.failed(t, "not a failure, just a report"));
    assertThat(view.all()).extracting(FeedHealth::url).containsExactly("http://127.0.0.1:9/b.xml");
  }
}
