package dev.digest.app;

import dev.digest.config.DigestConfig;
import dev.digest.config.FeedSettings;
import dev.digest.feed.FeedState;
import dev.digest.feed.FeedStateRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The health of every feed of the live configuration: the stored fetch state joined to the feed
 * list serve last reloaded, so a feed added while serving shows (never fetched) at once and a
 * removed one drops out, whatever rows {@code feed_state} still holds.
 */
public final class FeedHealthView {

  private final FeedStateRepository states;
  private final Supplier<DigestConfig> config;

  public FeedHealthView(FeedStateRepository states, Supplier<DigestConfig> config) {
    this.states = Objects.requireNonNull(states, "states");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Every feed of the configuration, in its order, with its state (never fetched: status 0). */
  public List<FeedHealth> all() {
    Map<String, FeedState> byUrl = new HashMap<>();
    for (FeedState s : states.findAll()) {
      byUrl.put(s.feedUrl(), s);
    }
    List<FeedHealth> out = new ArrayList<>();
    for (FeedSettings f : config.get().feeds()) {
      FeedState s = byUrl.getOrDefault(f.url(), FeedState.fresh(f.url()));
      out.add(
          new FeedHealth(
              f.url(),
              s.lastStatus(),
              s.lastError().orElse(""),
              s.lastFetchedAt(),
              s.lastSuccessAt(),
              s.consecutiveFailures(),
              s.itemsLastFetch(),
              s.nextFetchAfter(),
              f.disabled()));
    }
    return out;
  }
}
