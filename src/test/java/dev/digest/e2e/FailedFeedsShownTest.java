package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.app.DigestApp;
import dev.digest.config.ConfigLoader;
import dev.digest.web.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first run that cannot reach some feeds (offline, firewalled) says which and why, above the
 * edition: in `digest preview` and in the admin preview, never in the mail itself.
 */
class FailedFeedsShownTest {

  @TempDir Path dir;

  /** A feeds.yml with one good feed, one 404 and one refused connection, in that order. */
  private Path config(FeedServer feeds, int closedPort) throws Exception {
    Path config = dir.resolve("feeds.yml");
    Files.writeString(
        config,
        "digest:\n  title: First Run\n"
            + "feeds:\n"
            + "  - { url: \""
            + feeds.url("/news.rss")
            + "\", name: Harbour Gazette }\n"
            + "  - { url: \""
            + feeds.url("/gone.rss")
            + "\", name: \"Gone & <i>Weekly</i>\" }\n"
            + "  - url: http://127.0.0.1:"
            + closedPort
            + "/feed.xml\n");
    return config;
  }

  @Test
  void previewNamesEachFailedFeedAndWhyAboveTheEdition() throws Exception {
    try (FeedServer feeds = new FeedServer()) {
      feeds.put("/news.rss", "application/rss+xml", Fixtures.rss(feeds.url("")));
      int closed = Fixtures.freePort();
      Path config = config(feeds, closed);
      Cli.Result r =
          Cli.run("preview", "--out", dir.resolve("out").toString(), "--config", config.toString());
      assertThat(r.code()).as(r.err()).isZero();
      String out = r.out();
      assertThat(out).contains("2 of 3 feeds could not be read:");
      assertThat(out).contains(feeds.url("/gone.rss") + ": HTTP 404");
      assertThat(out).contains("http://127.0.0.1:" + closed + "/feed.xml: ");
      assertThat(out.indexOf("could not be read")).isLessThan(out.indexOf("edition #1"));
      // The mail itself carries no notice.
      assertThat(Files.readString(dir.resolve("out/digest.html")))
          .doesNotContain("could not be read");
    }
  }

  @Test
  void anEmptyPreviewSaysNoFeedCouldBeRead() throws Exception {
    int closed = Fixtures.freePort();
    Path config = dir.resolve("feeds.yml");
    Files.writeString(
        config,
        "digest:\n  title: Offline\nfeeds:\n  - url: http://127.0.0.1:" + closed + "/a.xml\n");
    Cli.Result r =
        Cli.run("preview", "--out", dir.resolve("out").toString(), "--config", config.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("1 of 1 feeds could not be read:")
        .contains("edition #1 with 0 articles")
        .contains("no feed could be read: the preview is empty");
  }

  @Test
  void theAdminPreviewShowsTheFailedFeedsEscapedAboveTheEdition() throws Exception {
    try (FeedServer feeds = new FeedServer()) {
      feeds.put("/news.rss", "application/rss+xml", Fixtures.rss(feeds.url("")));
      Path config = config(feeds, Fixtures.freePort());
      try (DigestApp app = DigestApp.open(ConfigLoader.load(config), Clock.systemUTC(), 0);
          WebServer web = WebServer.start(app, "127.0.0.1", 0, Optional::empty)) {
        HttpResponse<String> preview =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + web.port() + "/admin/preview"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(preview.statusCode()).isEqualTo(200);
        String body = preview.body();
        assertThat(body).contains("id=\"failed-feeds\"").contains("2 of 3 feeds could not be read");
        assertThat(body)
            .contains(
                "Gone &amp; &lt;i&gt;Weekly&lt;/i&gt; (" + feeds.url("/gone.rss") + "): HTTP 404")
            .doesNotContain("<i>Weekly</i>");
        // Inside the body, above the first item (the title in <head> names it too).
        int bodyStart = body.indexOf("<body");
        assertThat(bodyStart).isPositive().isLessThan(body.indexOf("failed-feeds"));
        assertThat(body.indexOf("failed-feeds"))
            .isLessThan(body.indexOf("Ferry timetable changes for winter", bodyStart));
      }
    }
  }
}
