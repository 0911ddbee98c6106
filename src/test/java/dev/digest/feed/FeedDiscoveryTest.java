package dev.digest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a site's page names its feeds: which links count, and in what order they are tried. */
class FeedDiscoveryTest {

  @Test
  void feedTypesComeBeforePlainJsonAndRelativeHrefsResolveAgainstThePage() {
    String html =
        """
        <html><head>
        <link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/7">
        <link rel="Alternate Home" type="Application/Atom+XML; charset=utf-8" href="atom.xml">
        <link rel="alternate" type="application/rss+xml" href="//cdn.example.org/rss">
        <link rel="alternate" type="text/html" href="/fr/">
        <link rel="stylesheet" type="application/rss+xml" href="/not-alternate.xml">
        <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
        </head></html>
        """;
    assertThat(FeedDiscovery.feedLinks(html, "https://blog.example.org/posts/index.html"))
        .containsExactly(
            "https://cdn.example.org/rss",
            "https://blog.example.org/posts/atom.xml",
            "https://blog.example.org/wp-json/wp/v2/pages/7");
  }

  @Test
  void aBaseHrefIsHonouredAndARepeatedLinkIsTriedOnce() {
    String html =
        """
        <html><head><base href="https://other.example.net/b/">
        <link rel="alternate" type="application/feed+json" href="feed.json">
        <link rel="alternate" type="application/feed+json" href="https://other.example.net/b/feed.json">
        </head></html>
        """;
    assertThat(FeedDiscovery.feedLinks(html, "https://blog.example.org/"))
        .containsExactly("https://other.example.net/b/feed.json");
  }

  @Test
  void htmlIsToldByItsTypeOrItsFirstTag() {
    assertThat(FeedDiscovery.looksLikeHtml("<rss/>", "text/html; charset=utf-8")).isTrue();
    assertThat(FeedDiscovery.looksLikeHtml("\uFEFF  <!DOCTYPE HTML><html>", "")).isTrue();
    assertThat(FeedDiscovery.looksLikeHtml("<?xml version=\"1.0\"?><rss/>", "application/xml"))
        .isFalse();
    assertThat(FeedDiscovery.looksLikeHtml("plain words", "text/plain")).isFalse();
  }
}
