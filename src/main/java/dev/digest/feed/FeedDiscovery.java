package dev.digest.feed;

import dev.digest.config.FeedSettings;
import dev.digest.http.FetchOutcome;
import dev.digest.http.HttpFetcher;
import dev.digest.http.Validators;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Finds the feed behind a URL someone typed: the URL itself when it answers with a feed, else a
 * feed the page names in {@code <link rel="alternate" type="...">}. Every candidate is fetched with
 * the {@link HttpFetcher} and must parse with the {@link FeedParser}, the two steps a run's {@link
 * FeedReader} takes, so what is found here is what the next run will read. A feed URL costs one
 * fetch; a site's page one more per candidate tried. Nothing is stored. Thread-safe.
 */
public final class FeedDiscovery {

  /**
   * The {@code type}s of a feed link, in order of preference. Plain JSON comes last: sites also
   * link their REST API that way (WordPress), which is tried only when nothing better is named.
   */
  static final List<String> FEED_TYPES =
      List.of(
          "application/rss+xml",
          "application/atom+xml",
          "application/feed+json",
          "application/json");

  /** Links tried at most from one page: a page naming a dozen broken feeds costs no more. */
  static final int MAX_CANDIDATES = 3;

  /** What looking came to. */
  public sealed interface Found {}

  /**
   * A feed that parsed.
   *
   * @param feedUrl the URL to configure: the one given, or the link found on the page
   * @param site the page the link was found on; empty when the URL given was the feed
   */
  public record Feed(String feedUrl, String site, String title, String format, int items)
      implements Found {}

  /** No feed: {@code reason} is one line for people. */
  public record NotFound(String reason) implements Found {}

  private final HttpFetcher fetcher;
  private final FeedParser parser = new FeedParser();
  private final Clock clock;

  public FeedDiscovery(HttpFetcher fetcher, Clock clock) {
    this.fetcher = fetcher;
    this.clock = clock;
  }

  public Found find(String url) {
    FetchOutcome outcome = fetcher.fetch(url, Validators.NONE, FeedReader.ACCEPT);
    if (outcome instanceof FetchOutcome.Failure f) {
      return new NotFound("could not fetch " + url + ": " + f.reason());
    }
    if (!(outcome instanceof FetchOutcome.Body body)) {
      // No validators were sent, so a 304 is the server's mistake.
      return new NotFound(url + " answered 304 Not Modified to a plain GET");
    }
    FeedParseException notAFeed;
    try {
      return feed(url, "", body);
    } catch (FeedParseException e) {
      notAFeed = e;
    }
    String text = TextDecoder.decode(body.body(), body.contentType());
    if (!looksLikeHtml(text, body.contentType())) {
      return new NotFound(url + " is not a feed: " + notAFeed.getMessage());
    }
    List<String> links = feedLinks(text, body.finalUrl());
    if (links.isEmpty()) {
      return new NotFound(
          url
              + " is a web page that names no feed (no <link rel=\"alternate\"> of an RSS, Atom"
              + " or JSON feed type): enter the feed's own URL");
    }
    String lastError = "";
    for (String link : links.subList(0, Math.min(MAX_CANDIDATES, links.size()))) {
      FetchOutcome o = fetcher.fetch(link, Validators.NONE, FeedReader.ACCEPT);
      if (o instanceof FetchOutcome.Body b) {
        try {
          return feed(link, url, b);
        } catch (FeedParseException e) {
          lastError = link + " is not a feed: " + e.getMessage();
        }
      } else if (o instanceof FetchOutcome.Failure f) {
        lastError = "could not fetch " + link + ": " + f.reason();
      }
    }
    return new NotFound("the page names a feed, but none could be read (" + lastError + ")");
  }

  private Feed feed(String feedUrl, String site, FetchOutcome.Body body) throws FeedParseException {
    FeedSettings probe = new FeedSettings(feedUrl, "", "", false, Optional.empty(), 0);
    ParsedFeed parsed =
        parser.parse(body.body(), body.contentType(), body.finalUrl(), probe, clock.instant());
    return new Feed(feedUrl, site, parsed.title(), parsed.format(), parsed.articles().size());
  }

  /** By its Content-Type, or by its first tag when the server says nothing useful. */
  static boolean looksLikeHtml(String text, String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    if (type.contains("html")) {
      return true;
    }
    String start = text.strip();
    if (start.startsWith("\uFEFF")) {
      start = start.substring(1).strip();
    }
    start = start.substring(0, Math.min(64, start.length())).toLowerCase(Locale.ROOT);
    return start.startsWith("<!doctype html") || start.startsWith("<html");
  }

  /**
   * The absolute http(s) URLs of the page's feed links, best type first and in page order within a
   * type. Relative hrefs resolve against the page's final URL (or its {@code <base href>}).
   */
  static List<String> feedLinks(String html, String pageUrl) {
    Document doc = Jsoup.parse(html, pageUrl);
    List<List<String>> byType = new ArrayList<>();
    for (int i = 0; i < FEED_TYPES.size(); i++) {
      byType.add(new ArrayList<>());
    }
    for (Element link : doc.select("link[href][type][rel]")) {
      if (!hasToken(link.attr("rel"), "alternate")) {
        continue;
      }
      int rank = FEED_TYPES.indexOf(mediaType(link.attr("type")));
      String href = link.absUrl("href");
      if (rank >= 0 && isHttp(href) && byType.stream().noneMatch(l -> l.contains(href))) {
        byType.get(rank).add(href);
      }
    }
    List<String> out = new ArrayList<>();
    byType.forEach(out::addAll);
    return out;
  }

  private static boolean hasToken(String rel, String token) {
    for (String t : rel.trim().split("\\s+")) {
      if (t.equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  /** {@code Application/RSS+XML; charset=utf-8} is {@code application/rss+xml}. */
  private static String mediaType(String type) {
    int semi = type.indexOf(';');
    return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  private static boolean isHttp(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    return u.startsWith("http://") || u.startsWith("https://");
  }
}
