package dev.digest.app;

import dev.digest.config.ConfigException;
import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import dev.digest.config.FeedSettings;
import dev.digest.config.ImportedFeeds;
import dev.digest.feed.FeedDiscovery;
import dev.digest.http.HttpFetcher;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The admin page's "add a feed": a URL that is a feed, or a web page that names one, is fetched
 * (through the project's fetcher), parsed, checked against every configured feed and appended to
 * {@code feeds.d/imported.yml}, the file {@code digest feeds import} writes. A running serve reads
 * the change on its next reload poll; nothing else is told.
 */
public final class FeedAdd {

  /** Longer than any feed URL seen in the wild; a form field is not the place for more. */
  static final int MAX_URL = 2048;

  /** What adding came to. */
  public sealed interface Outcome {}

  /** Written to {@code file}; {@code site} is the page the feed was found on, if any. */
  public record Added(String feedUrl, String site, String title, int items, Path file)
      implements Outcome {}

  /** The feed is configured already (in feeds.yml, feeds.d/, or added a moment ago). */
  public record Duplicate(String feedUrl) implements Outcome {}

  /** Not added: {@code reason} is one line for people. */
  public record Refused(String reason) implements Outcome {}

  /**
   * @param config the configuration as serve last reloaded it: its feeds are the ones to not
   *     repeat, its fetch settings the limits of the probe
   */
  public static Outcome run(DigestConfig config, String input, Clock clock)
      throws IOException, ConfigException {
    String url = input == null ? "" : input.strip();
    Optional<String> wrong = problem(url);
    if (wrong.isPresent()) {
      return new Refused(wrong.get());
    }
    Path baseDir = config.baseDir();
    if (configured(config, baseDir, url)) {
      return new Duplicate(url);
    }
    FeedDiscovery.Found found;
    try (HttpFetcher fetcher = new HttpFetcher(config.fetch())) {
      found = new FeedDiscovery(fetcher, clock).find(url);
    }
    if (found instanceof FeedDiscovery.NotFound nf) {
      return new Refused(nf.reason());
    }
    FeedDiscovery.Feed feed = (FeedDiscovery.Feed) found;
    // A site's page can name a feed that is configured under its own URL.
    if (!feed.feedUrl().equals(url) && configured(config, baseDir, feed.feedUrl())) {
      return new Duplicate(feed.feedUrl());
    }
    FeedSettings entry =
        new FeedSettings(feed.feedUrl(), "", "", false, Optional.empty(), 0, feed.site());
    if (!ImportedFeedEdits.add(baseDir, entry)) {
      return new Duplicate(feed.feedUrl()); // added by another request while this one fetched
    }
    return new Added(
        feed.feedUrl(), feed.site(), feed.title(), feed.items(), ImportedFeeds.file(baseDir));
  }

  /**
   * Why {@code url} cannot be a feed to add, if it cannot: only absolute http(s) URLs with a host.
   * A file: URL or a path would let a browser form read this machine's files into the digest.
   */
  static Optional<String> problem(String url) {
    if (url.isEmpty()) {
      return Optional.of("Enter the URL of a feed or of a web site.");
    }
    if (url.length() > MAX_URL) {
      return Optional.of("That URL is longer than " + MAX_URL + " characters.");
    }
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("That is not a valid URL: " + e.getReason() + ".");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("The URL must start with http:// or https://.");
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      return Optional.of("The URL has no host name.");
    }
    return Optional.empty();
  }

  /** In the loaded list, or in imported.yml as it is now (a reload may not have run yet). */
  private static boolean configured(DigestConfig config, Path baseDir, String url)
      throws ConfigException {
    List<FeedSettings> all = new ArrayList<>(config.feeds());
    all.addAll(ImportedFeedEdits.list(baseDir));
    String key = ConfigLoader.sameFeedKey(url);
    return all.stream().anyMatch(f -> ConfigLoader.sameFeedKey(f.url()).equals(key));
  }

  private FeedAdd() {}
}
