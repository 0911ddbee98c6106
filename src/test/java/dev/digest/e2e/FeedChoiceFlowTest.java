package dev.digest.e2e;

import static dev.digest.e2e.FormClient.enc;
import static dev.digest.e2e.FormClient.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.digest.app.ConfigReport;
import dev.digest.app.DigestApp;
import dev.digest.app.DigestRun.SendOptions;
import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import dev.digest.subscribe.SubscriberStatus;
import dev.digest.web.WebServer;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code digest.reader-feed-choice: true} on real parts: readers leave out single feeds (not only
 * topics) from the command line and the preference page; the next edition leaves those feeds' items
 * out, choices that keep the same items share one body, a choice that keeps nothing is skipped;
 * with the key off the page offers no feeds and stored feed choices do not apply. Real HTTP feeds
 * (Harbour Gazette and Harbour Analysis are News, Workshop Notes is Crafts), GreenMail, H2, the web
 * server.
 */
class FeedChoiceFlowTest {

  @RegisterExtension final E2e e2e = E2e.threeFeedsAndWebPort();
  String gazette;
  String notes;
  String analysis;

  @BeforeEach
  void feeds() throws Exception {
    gazette = e2e.feeds().url("/news.rss");
    notes = e2e.feeds().url("/notes.atom");
    analysis = e2e.feeds().url("/analysis.rss");
  }

  private Cli.Result cli(String... args) {
    return e2e.cli(args);
  }

  private List<String> htmlTo(String address) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : e2e.mailTo(address)) {
      out.add((String) ((Multipart) m.getContent()).getBodyPart(1).getContent());
    }
    return out;
  }

  @Test
  void readersLeaveOutSingleFeedsAndChoicesThatKeepTheSameItemsShareABody() throws Exception {
    e2e.digestSettings("  reader-feed-choice: true\n");
    for (String r : List.of("ann", "bob", "dan", "eve", "cat")) {
      assertThat(cli("subscribers", "add", r + "@example.net").code()).isZero();
    }
    Cli.Result bob = cli("subscribers", "set", "bob@example.net", "--exclude-feed", analysis);
    assertThat(bob.code()).as(bob.err()).isZero();
    assertThat(bob.out()).contains("every topic; feeds left out: " + analysis);
    // dan leaves out the one Crafts feed, eve the Crafts topic: the same items, one body.
    assertThat(cli("subscribers", "set", "dan@example.net", "--exclude-feed", notes).code())
        .isZero();
    assertThat(cli("subscribers", "set", "eve@example.net", "--exclude", "crafts").code()).isZero();
    assertThat(
            cli(
                    "subscribers",
                    "set",
                    "cat@example.net",
                    "--exclude",
                    "crafts",
                    "--exclude-feed",
                    gazette,
                    analysis)
                .code())
        .isZero();
    Cli.Result unknown =
        cli(
            "subscribers",
            "set",
            "ann@example.net",
            "--exclude-feed",
            "http://127.0.0.1:1/other.rss");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("unknown feed 'http://127.0.0.1:1/other.rss'")
        .contains("nothing changed");
    // Taken back and left out again.
    assertThat(cli("subscribers", "set", "bob@example.net", "--include-feed", analysis).out())
        .endsWith("every topic\n");
    assertThat(cli("subscribers", "set", "bob@example.net", "--exclude-feed", analysis).code())
        .isZero();

    Cli.Result send = cli("send");
    assertThat(send.code()).as(send.err()).isZero();
    assertThat(send.out()).contains("4 sent");

    assertThat(htmlTo("ann@example.net"))
        .singleElement()
        .asString()
        .contains("Sharpening chisels by hand")
        .contains("Council approves tidal barrier")
        .contains("Ferry timetable changes for winter");
    assertThat(htmlTo("bob@example.net"))
        .singleElement()
        .asString()
        .doesNotContain("Council approves tidal barrier")
        .contains("Sharpening chisels by hand")
        .contains("Ferry timetable changes for winter");
    String forDan = htmlTo("dan@example.net").get(0);
    String forEve = htmlTo("eve@example.net").get(0);
    assertThat(forDan)
        .doesNotContain("Sharpening chisels by hand")
        .contains("Council approves tidal barrier");
    assertThat(forDan.replaceAll("token=[^\"&]+", ""))
        .isEqualTo(forEve.replaceAll("token=[^\"&]+", ""));
    assertThat(htmlTo("cat@example.net")).as("nothing left for cat: no mail").isEmpty();

    try (DigestApp app = DigestApp.open(ConfigLoader.load(e2e.config()))) {
      assertThat(
              counts(app, "SELECT status, COUNT(*) FROM delivery GROUP BY status ORDER BY status"))
          .containsExactly("sent=4", "skipped=1");
      assertThat(
              counts(
                  app, "SELECT excluded_feeds, item_count FROM edition_variant ORDER BY variant"))
          .as("bob's body, then dan's (shared by eve)")
          .containsExactly("[\"" + analysis + "\"]=2", "[\"" + notes + "\"]=2");
      assertThat(
              counts(
                  app,
                  "SELECT feed_url, COUNT(*) FROM edition_item GROUP BY feed_url"
                      + " ORDER BY feed_url"))
          .containsExactly(analysis + "=1", gazette + "=1", notes + "=1");
    }
    assertThat(cli("send", "--resume").code()).isZero();
    assertThat(e2e.smtp().getReceivedMessages()).hasSize(4);
  }

  @Test
  void withTheKeyOffFeedChoicesAreNeitherOfferedNorApplied() throws Exception {
    e2e.digestSettings("  reader-feed-choice: false\n");
    assertThat(cli("subscribers", "add", "bob@example.net").code()).isZero();
    Cli.Result refused = cli("subscribers", "set", "bob@example.net", "--exclude-feed", analysis);
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err())
        .contains("set digest.reader-feed-choice: true in")
        .contains("nothing changed");
    try (DigestApp app = DigestApp.open(ConfigLoader.load(e2e.config()))) {
      long id = app.subscribers().findByEmail("bob@example.net").orElseThrow().id();
      assertThat(app.subscribers().find(id).orElseThrow().excludedFeeds()).isEmpty();
      // A choice stored while the key was on (or by import) waits: it does not apply now.
      app.subscribers().setExcludedFeeds(id, List.of(analysis));
    }
    assertThat(cli("send").out()).contains("1 sent");
    assertThat(htmlTo("bob@example.net"))
        .singleElement()
        .asString()
        .contains("Council approves tidal barrier");
  }

  @Test
  void thePreferencePageOffersTheFeedsAndChangesTheNextEdition() throws Exception {
    base = e2e.baseUrl();
    web = new FormClient(base);
    e2e.digestSettings("  reader-feed-choice: true\n");
    DigestApp app = e2e.app();
    try (WebServer web = WebServer.start(app, "127.0.0.1", e2e.webPort(), Optional::empty)) {
      long id = app.subscribers().add("pat@example.net", SubscriberStatus.ACTIVE).id();
      app.subscribers().add("other@example.net", SubscriberStatus.ACTIVE);
      String url = app.subscriptions().unsubscribeUrl(id).substring(base.length());
      HttpResponse<String> page = get(url);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .contains("<legend>Feeds</legend>")
          .contains("Workshop Notes")
          .contains("value=\"" + analysis + "\"");
      String csrf = field(page.body(), "csrf");
      String token = "csrf=" + csrf + "&token=" + enc(field(page.body(), "token"));

      // A feed not in feeds.yml changes nothing, nor does a feed from a form that showed none.
      HttpResponse<String> bad =
          post(
              "/preferences",
              token
                  + "&topic=news&topic=crafts&feeds=1"
                  + "&feed="
                  + enc(gazette)
                  + "&feed="
                  + enc("http://127.0.0.1:1/other.rss"));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("There is no such feed. Nothing was changed.");
      assertThat(post("/preferences", token + "&topic=news&feed=" + enc(gazette)).statusCode())
          .isEqualTo(400);
      assertThat(app.subscribers().find(id).orElseThrow().excludedTopics()).isEmpty();
      assertThat(app.subscribers().find(id).orElseThrow().excludedFeeds()).isEmpty();

      // Keep both topics, but of the feeds only the Gazette and the Notes.
      HttpResponse<String> saved =
          post(
              "/preferences",
              token
                  + "&topic=news&topic=crafts&feeds=1"
                  + "&feed="
                  + enc(gazette)
                  + "&feed="
                  + enc(notes)
                  + "&pause=0");
      assertThat(saved.statusCode()).isEqualTo(200);
      assertThat(saved.body()).contains("Saved.");
      assertThat(app.subscribers().find(id).orElseThrow().excludedFeeds())
          .containsExactly(analysis);
      assertThat(saved.body())
          .doesNotContainPattern("name=\"feed\" value=\"" + Pattern.quote(analysis) + "\" checked");

      // A form without the feeds (the key was off when it was shown) leaves the feed choice alone.
      assertThat(post("/preferences", token + "&topic=news&topic=crafts").statusCode())
          .isEqualTo(200);
      assertThat(app.subscribers().find(id).orElseThrow().excludedFeeds())
          .containsExactly(analysis);

      app.run().send(SendOptions.normal());
      String forPat = null;
      String forOther = null;
      for (MimeMessage m : e2e.smtp().getReceivedMessages()) {
        String raw = GreenMailUtil.getWholeMessage(m);
        if (m.getAllRecipients()[0].toString().equals("pat@example.net")) {
          forPat = raw;
        } else {
          forOther = raw;
        }
      }
      assertThat(forOther).contains("Council approves tidal barrier");
      assertThat(forPat)
          .doesNotContain("Council approves tidal barrier")
          .contains("Sharpening chisels")
          .contains("Ferry timetable");

      // The key turned off without a restart: the page shows no feeds any more.
      Path offFile = e2e.dir().resolve("off.yml");
      Files.writeString(
          offFile,
          Files.readString(e2e.config())
              .replace("reader-feed-choice: true", "reader-feed-choice: false"));
      DigestConfig off = ConfigLoader.load(offFile);
      app.liveConfig()
          .reloaded(
              off,
              new ConfigReport(
                  java.time.Instant.now(),
                  Optional.empty(),
                  List.of("digest.reader-feed-choice"),
                  List.of()));
      assertThat(get(url).body())
          .doesNotContain("<legend>Feeds</legend>")
          .contains("value=\"news\"");
    }
  }

  private static List<String> counts(DigestApp app, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = app.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1) + "=" + rs.getInt(2));
      }
    }
    return out;
  }

  private FormClient web;
  private String base;

  private HttpResponse<String> get(String path) throws Exception {
    return web.get(path);
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return web.post(path, form);
  }
}
