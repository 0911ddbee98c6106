package dev.digest.web;

import static dev.digest.web.WebHarness.enc;
import static dev.digest.web.WebHarness.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import dev.digest.config.FeedSettings;
import dev.digest.config.ImportedFeeds;
import dev.digest.feed.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /admin/feeds over real HTTP: a real web site, and the feed tests' {@link TestServer} standing in
 * for the feeds and sites people paste in. Every change is checked in feeds.d/imported.yml, and
 * feeds.yml must come out byte for byte as it went in.
 */
class FeedPagesTest {

  static final String RSS =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <rss version="2.0"><channel><title>Harbour Notes</title><link>http://example.org/</link>
      <item><title>One</title><link>http://example.org/1</link><guid>1</guid></item>
      <item><title>Two</title><link>http://example.org/2</link><guid>2</guid></item>
      </channel></rss>
      """;

  static final String ATOM =
      """
      <?xml version="1.0" encoding="utf-8"?>
      <feed xmlns="http://www.w3.org/2005/Atom"><title>Site Atom</title><id>urn:x</id>
      <updated>2026-01-01T00:00:00Z</updated>
      <entry><title>A</title><id>urn:a</id><link href="http://example.org/a"/>
      <updated>2026-01-01T00:00:00Z</updated></entry></feed>
      """;

  /** A page naming its feed with a relative href, after a link that is not a feed type. */
  static final String SITE =
      """
      <!DOCTYPE html><html><head><title>Blog</title>
      <link rel="stylesheet" type="text/css" href="/s.css">
      <link rel="alternate" type="application/atom+xml" href="../atom.xml" title="Atom">
      </head><body><p>Hello</p></body></html>
      """;

  static final String PLAIN_PAGE =
      "<!DOCTYPE html><html><head><title>No feed</title></head><body>Nothing</body></html>";

  @TempDir Path dir;
  WebHarness site;
  TestServer origin;
  String feeds;
  byte[] feedsYml;

  @BeforeEach
  void start() throws Exception {
    origin = new TestServer();
    serve("/feed.xml", "application/rss+xml", RSS);
    serve("/atom.xml", "application/atom+xml", ATOM);
    serve("/blog/index.html", "text/html; charset=utf-8", SITE);
    serve("/plain.html", "text/html", PLAIN_PAGE);
    serve("/notes.txt", "text/plain", "just some words, no feed here");
    feeds = origin.url("");
    site = new WebHarness(dir);
    feedsYml = Files.readAllBytes(dir.resolve("feeds.yml"));
  }

  private void serve(String path, String type, String body) {
    origin.route(path, exchange -> TestServer.send(exchange, 200, type, body));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (site != null) {
        // Whatever a test did on the page, the operator's own file is never written.
        assertThat(Files.readAllBytes(dir.resolve("feeds.yml"))).isEqualTo(feedsYml);
        site.close();
      }
    } finally {
      origin.close();
    }
  }

  private Path imported() {
    return ImportedFeeds.file(dir);
  }

  private String csrf() throws Exception {
    return field(site.get("/admin/feeds").body(), "csrf");
  }

  private HttpResponse<String> add(String url) throws Exception {
    return site.post("/admin/feeds/add", "csrf=" + csrf() + "&url=" + enc(url));
  }

  /** The whole configuration as a fresh load sees it: what serve's reload would apply. */
  private DigestConfig reloaded() throws Exception {
    return ConfigLoader.load(dir.resolve("feeds.yml"));
  }

  @Test
  void thePageListsFeedsWithHealthAndFeedsYmlOnesAreReadOnly() throws Exception {
    HttpResponse<String> r = site.get("/admin/feeds");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("http://127.0.0.1:9/feed.xml")
        .contains("never fetched")
        .contains("Next retry")
        .contains("edit feeds.yml to change")
        .contains("action=\"/admin/feeds/add\"")
        .doesNotContain("action=\"/admin/feeds/remove\"");
    assertThat(site.get("/admin").body()).contains("href=\"/admin/feeds\"");
  }

  @Test
  void addsAFeedByItsOwnUrlIntoImportedYml() throws Exception {
    HttpResponse<String> r = add(feeds + "/feed.xml");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith("/admin/feeds?done=added"));

    assertThat(ImportedFeeds.read(dir))
        .extracting(FeedSettings::url)
        .containsExactly(feeds + "/feed.xml");
    assertThat(reloaded().feeds())
        .extracting(FeedSettings::url)
        .containsExactly("http://127.0.0.1:9/feed.xml", feeds + "/feed.xml");
    HttpResponse<String> page = site.get(r.headers().firstValue("Location").get());
    assertThat(page.body())
        .contains("Added " + feeds + "/feed.xml")
        .contains("added, not loaded yet")
        .contains("action=\"/admin/feeds/disable\"");
  }

  @Test
  void addsAFeedFoundOnASitesPageResolvingTheRelativeHref() throws Exception {
    HttpResponse<String> r = add(feeds + "/blog/index.html");
    assertThat(r.statusCode()).isEqualTo(303);

    FeedSettings added = ImportedFeeds.read(dir).get(0);
    assertThat(added.url()).isEqualTo(feeds + "/atom.xml");
    assertThat(added.site()).isEqualTo(feeds + "/blog/index.html");
    assertThat(ImportedFeeds.read(dir)).hasSize(1);
  }

  @Test
  void aFeedAlreadyConfiguredIsRefusedWhetherByItsUrlOrThroughItsSite() throws Exception {
    assertThat(add(feeds + "/atom.xml").statusCode()).isEqualTo(303);
    String before = Files.readString(imported());

    HttpResponse<String> again = add(feeds + "/atom.xml");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains(feeds + "/atom.xml is already configured");
    HttpResponse<String> viaSite = add(feeds + "/blog/index.html");
    assertThat(viaSite.statusCode()).isEqualTo(409);
    assertThat(viaSite.body()).contains("already configured");
    // feeds.yml's own feed: refused before any fetch (port 9 would otherwise fail to connect).
    HttpResponse<String> own = add("HTTP://127.0.0.1:9/feed.xml");
    assertThat(own.statusCode()).isEqualTo(409);
    assertThat(own.body()).contains("already configured").doesNotContain("could not fetch");

    assertThat(Files.readString(imported())).isEqualTo(before);
  }

  @Test
  void aUrlThatIsNeitherAFeedNorAPageNamingOneIsRefusedWithAMessage() throws Exception {
    HttpResponse<String> page = add(feeds + "/plain.html");
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("names no feed");
    HttpResponse<String> text = add(feeds + "/notes.txt");
    assertThat(text.statusCode()).isEqualTo(400);
    assertThat(text.body()).contains("is not a feed");
    HttpResponse<String> missing = add(feeds + "/gone.xml");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("could not fetch").contains("404");
    HttpResponse<String> file = add("file:///etc/passwd");
    assertThat(file.statusCode()).isEqualTo(400);
    assertThat(file.body()).contains("must start with http:// or https://");
    // What was typed stays in the field, escaped.
    assertThat(page.body()).contains("value=\"" + feeds + "/plain.html\"");

    assertThat(imported()).doesNotExist();
  }

  @Test
  void everyPostNeedsTheCsrfToken() throws Exception {
    String url = enc(feeds + "/feed.xml");
    csrf(); // the cookie is set: only the field is missing or wrong
    assertThat(site.post("/admin/feeds/add", "url=" + url).statusCode()).isEqualTo(403);
    assertThat(
            site.post("/admin/feeds/add", "csrf=forged-token-0123456789&url=" + url).statusCode())
        .isEqualTo(403);
    assertThat(imported()).doesNotExist();

    assertThat(add(feeds + "/feed.xml").statusCode()).isEqualTo(303);
    String written = Files.readString(imported());
    for (String action : new String[] {"disable", "enable", "remove"}) {
      assertThat(site.post("/admin/feeds/" + action, "url=" + url).statusCode())
          .as(action)
          .isEqualTo(403);
      assertThat(
              site.post("/admin/feeds/" + action, "csrf=forged-token-0123456789&url=" + url)
                  .statusCode())
          .as(action)
          .isEqualTo(403);
    }
    assertThat(Files.readString(imported())).isEqualTo(written);
  }

  @Test
  void disableEnableAndRemoveChangeImportedYmlOnly() throws Exception {
    String url = feeds + "/feed.xml";
    assertThat(add(url).statusCode()).isEqualTo(303);

    assertThat(
            site.post("/admin/feeds/disable", "csrf=" + csrf() + "&url=" + enc(url)).statusCode())
        .isEqualTo(303);
    assertThat(Files.readString(imported())).contains("disabled: true");
    DigestConfig afterDisable = reloaded();
    assertThat(afterDisable.feeds()).extracting(FeedSettings::url).contains(url);
    assertThat(afterDisable.enabledFeeds()).extracting(FeedSettings::url).doesNotContain(url);
    assertThat(site.get("/admin/feeds").body())
        .contains("action=\"/admin/feeds/enable\"")
        .contains(">disabled<");

    assertThat(site.post("/admin/feeds/enable", "csrf=" + csrf() + "&url=" + enc(url)).statusCode())
        .isEqualTo(303);
    assertThat(Files.readString(imported())).doesNotContain("disabled");
    assertThat(reloaded().enabledFeeds()).extracting(FeedSettings::url).contains(url);

    assertThat(site.post("/admin/feeds/remove", "csrf=" + csrf() + "&url=" + enc(url)).statusCode())
        .isEqualTo(303);
    assertThat(ImportedFeeds.read(dir)).isEmpty();
    assertThat(reloaded().feeds())
        .extracting(FeedSettings::url)
        .containsExactly("http://127.0.0.1:9/feed.xml");
    assertThat(site.get("/admin/feeds").body()).doesNotContain(url);
  }

  @Test
  void aFeedOfFeedsYmlCannotBeDisabledOrRemovedHere() throws Exception {
    String own = enc("http://127.0.0.1:9/feed.xml");
    HttpResponse<String> disable =
        site.post("/admin/feeds/disable", "csrf=" + csrf() + "&url=" + own);
    assertThat(disable.statusCode()).isEqualTo(400);
    assertThat(disable.body()).contains("edit feeds.yml");
    assertThat(site.post("/admin/feeds/remove", "csrf=" + csrf() + "&url=" + own).statusCode())
        .isEqualTo(400);
    assertThat(imported()).doesNotExist();
  }

  @Test
  void aFeedInAnotherIncludedFileNamesThatFile() throws Exception {
    Files.createDirectories(dir.resolve("feeds.d"));
    Files.writeString(
        dir.resolve("feeds.d/team.yml"), "feeds:\n  - url: \"http://127.0.0.1:9/team.xml\"\n");
    site.close();
    site = new WebHarness(dir);
    feedsYml = Files.readAllBytes(dir.resolve("feeds.yml"));
    assertThat(site.get("/admin/feeds").body()).contains("edit feeds.d/team.yml to change");
  }

  @Test
  void someoneWithoutTheAdminTokenGetsNeitherThePageNorItsForms() throws Exception {
    site.close();
    site = new WebHarness(dir, "", "  admin-token: \"feeds-admin-token\"");
    feedsYml = Files.readAllBytes(dir.resolve("feeds.yml"));
    // A valid CSRF pair from a public page: only the admin token is missing.
    String token = site.csrf();
    assertThat(site.get("/admin/feeds").statusCode()).isEqualTo(403);
    HttpResponse<String> post =
        site.post("/admin/feeds/add", "csrf=" + token + "&url=" + enc(feeds + "/feed.xml"));
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(
            site.post("/admin/feeds/remove", "csrf=" + token + "&url=" + enc(feeds + "/feed.xml"))
                .statusCode())
        .isEqualTo(403);
    assertThat(imported()).doesNotExist();

    HttpResponse<String> withToken =
        site.http.send(
            HttpRequest.newBuilder(URI.create(site.base + "/admin/feeds"))
                .header("Authorization", "Bearer feeds-admin-token")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(withToken.statusCode()).isEqualTo(200);
    assertThat(withToken.body()).contains("Add feed");
  }

  @Test
  void aDisabledEntryLoadsAndIsLeftOutOfTheFeedsARunReads() throws Exception {
    Files.createDirectories(dir.resolve("feeds.d"));
    Files.writeString(
        imported(), "feeds:\n  - url: \"" + feeds + "/feed.xml\"\n    disabled: true\n");
    DigestConfig c = reloaded();
    assertThat(c.feeds()).hasSize(2);
    assertThat(c.feeds().get(1).disabled()).isTrue();
    assertThat(c.enabledFeeds())
        .extracting(FeedSettings::url)
        .containsExactly("http://127.0.0.1:9/feed.xml");
    // Turning it back on is a change of the feed list, so serve's reload applies it.
    Files.writeString(imported(), "feeds:\n  - url: \"" + feeds + "/feed.xml\"\n");
    assertThat(dev.digest.config.ConfigChanges.between(c, reloaded())).containsExactly("feeds");
  }
}
