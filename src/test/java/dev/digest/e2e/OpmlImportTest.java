package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.digest.config.ConfigLoader;
import dev.digest.config.FeedSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code digest feeds import} and {@code export} through the real command line, validating against
 * a real HTTP server on 127.0.0.1, with OPML in the shapes Miniflux, FreshRSS and Feedly export
 * (fixtures written for these tests; their host {@code feeds.test} is this server).
 */
class OpmlImportTest {

  @TempDir Path dir;
  private FeedServer feeds;
  private Path config;

  @BeforeEach
  void serve() throws IOException {
    feeds = new FeedServer();
    feeds.put("/news.rss", "application/rss+xml", Fixtures.rss(feeds.url("")));
    feeds.put("/notes.atom", "application/atom+xml", Fixtures.atom(feeds.url("")));
    feeds.put("/analysis.rss", "application/rss+xml", Fixtures.sections(feeds.url("")));
    feeds.put("/other.rss", "application/rss+xml", Fixtures.rss(feeds.url("")));
    feeds.put(
        "/page.html",
        "text/html",
        "<!DOCTYPE html><html><head><title>Hi</title></head>"
            + "<body><p>No feed here.</p></body></html>");
    config = writeConfig(dir, feeds.url("/other.rss"));
  }

  @AfterEach
  void stop() {
    feeds.close();
  }

  private static Path writeConfig(Path folder, String... urls) throws IOException {
    StringBuilder yml = new StringBuilder("# the operator's own comment\nfeeds:\n");
    for (String u : urls) {
      yml.append("  - url: ").append(u).append("   # keep me\n");
    }
    Files.createDirectories(folder);
    Path file = folder.resolve("feeds.yml");
    Files.writeString(file, yml);
    return file;
  }

  /** A fixture with its feeds pointed at this test's server. */
  private Path fixture(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/dev/digest/opml/" + name)) {
      String text =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("http://feeds.test", feeds.url(""))
              .replace("http://FEEDS.test", feeds.url("").replace("http://", "HTTP://"));
      Path file = dir.resolve(name);
      Files.writeString(file, text);
      return file;
    }
  }

  private Path imported() {
    return dir.resolve("feeds.d/imported.yml");
  }

  private List<FeedSettings> loadedFeeds() throws Exception {
    return ConfigLoader.load(config, Map.of()).feeds();
  }

  @Test
  void minifluxExportAddsTheFeedsThatAnswerWithTheirCategories() throws Exception {
    String feedsYmlBefore = Files.readString(config);

    Cli.Result r =
        Cli.run(
            "feeds", "import", "--config", config.toString(), fixture("miniflux.opml").toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(line(r.out(), "/news.rss")).startsWith("ok").contains("1 items");
    assertThat(line(r.out(), "/notes.atom")).startsWith("ok").contains("1 items");
    assertThat(line(r.out(), "/gone.xml"))
        .startsWith("failed")
        .contains("404")
        .contains("not added");
    assertThat(line(r.out(), "/page.html"))
        .startsWith("failed")
        .contains("not a feed")
        .contains("not added");
    assertThat(r.out()).contains("2 ok, 2 failed, 0 skipped; 2 added to");
    assertThat(Files.readString(config)).isEqualTo(feedsYmlBefore);
    assertThat(loadedFeeds())
        .extracting(
            FeedSettings::url, FeedSettings::name, FeedSettings::category, FeedSettings::site)
        .containsExactly(
            tuple(feeds.url("/other.rss"), "", "", ""),
            tuple(feeds.url("/news.rss"), "Harbour Gazette", "All", feeds.url("/")),
            tuple(
                feeds.url("/notes.atom"), "Workshop Notes", "Making things", feeds.url("/notes/")));
    assertThat(dir.resolve("feeds.d")).isDirectoryNotContaining("glob:**/.*");
  }

  @Test
  void aSecondImportSkipsWhatIsConfiguredAndAllAddsFailedFeeds() throws Exception {
    Path opml = fixture("miniflux.opml");
    Cli.run("feeds", "import", "--config", config.toString(), opml.toString());

    Cli.Result r =
        Cli.run("feeds", "import", "--all", "--config", config.toString(), opml.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(line(r.out(), "/news.rss")).startsWith("skipped").contains("already configured");
    assertThat(line(r.out(), "/gone.xml")).startsWith("failed").doesNotContain("not added");
    assertThat(loadedFeeds())
        .extracting(FeedSettings::url)
        .containsExactly(
            feeds.url("/other.rss"),
            feeds.url("/news.rss"),
            feeds.url("/notes.atom"),
            feeds.url("/gone.xml"),
            feeds.url("/page.html"));
  }

  @Test
  void exitsNonZeroWhenNotOneNewFeedAnsweredAndNothingWasAdded() throws Exception {
    Path opml = dir.resolve("broken.opml");
    Files.writeString(
        opml,
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0"><head><title>Broken</title></head><body>
          <outline text="Gone" type="rss" xmlUrl="%s"/>
          <outline text="Page" type="rss" xmlUrl="%s"/>
        </body></opml>
        """
            .formatted(feeds.url("/gone.xml"), feeds.url("/page.html")));

    Cli.Result r = Cli.run("feeds", "import", "--config", config.toString(), opml.toString());

    assertThat(r.code()).as(r.out()).isEqualTo(1);
    assertThat(r.out()).contains("0 ok, 2 failed, 0 skipped; nothing added");
    assertThat(imported()).doesNotExist();

    Cli.Result all =
        Cli.run("feeds", "import", "--all", "--config", config.toString(), opml.toString());
    assertThat(all.code()).as("--all added them, as asked").isZero();
    assertThat(loadedFeeds())
        .extracting(FeedSettings::url)
        .contains(feeds.url("/gone.xml"), feeds.url("/page.html"));
  }

  @Test
  void aDryRunChecksAndShowsButWritesNothing() throws Exception {
    Cli.Result r =
        Cli.run(
            "feeds",
            "import",
            "--dry-run",
            "--config",
            config.toString(),
            fixture("miniflux.opml").toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(line(r.out(), "/news.rss")).startsWith("ok");
    assertThat(r.out()).contains("2 would be added (dry run, nothing written)");
    assertThat(dir.resolve("feeds.d")).doesNotExist();
  }

  @Test
  void feedlyNestedFoldersRepeatsAndCategoryAttribute() throws Exception {
    // Configured already, written with another host case and no difference in the feed.
    config = writeConfig(dir, feeds.url("/notes.atom").replace("127.0.0.1", "127.0.0.1"));
    Cli.Result r =
        Cli.run(
            "feeds", "import", "--config", config.toString(), fixture("feedly.opml").toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("already configured").contains("repeated in the file");
    assertThat(loadedFeeds())
        .extracting(FeedSettings::url, FeedSettings::category)
        .containsExactly(
            tuple(feeds.url("/notes.atom"), ""),
            tuple(feeds.url("/news.rss"), "Local"),
            tuple(feeds.url("/analysis.rss"), "Deep dives"));
  }

  @Test
  void freshRssExportWithEscapesAndAnUpperCaseHostSeenAsTheSameFeed() throws Exception {
    config = writeConfig(dir, feeds.url("/analysis.rss"));
    Cli.Result r =
        Cli.run(
            "feeds", "import", "--config", config.toString(), fixture("freshrss.opml").toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(line(r.out(), "/analysis.rss")).startsWith("skipped");
    assertThat(loadedFeeds())
        .extracting(FeedSettings::url, FeedSettings::name, FeedSettings::category)
        .containsExactly(
            tuple(feeds.url("/analysis.rss"), "", ""),
            tuple(feeds.url("/news.rss"), "Harbour Gazette", "Uncategorized"),
            tuple(feeds.url("/notes.atom"), "Workshop Notes", "Crafts & Making"));
  }

  @Test
  void exportThenImportGivesTheSameFeeds() throws Exception {
    Files.writeString(
        config,
        """
        digest:
          title: Harbour <Brief> & "Friends"
        feeds:
          - url: %s
            name: Tom & Jerry's "Gazette" <b>
            category: News & Views
            site: %s
          - url: %s
            name: Workshop ${HOME} Notes \\ back
            category: Crafts
          - url: %s
            category: News & Views
          - url: %s
        """
            .formatted(
                feeds.url("/news.rss"),
                feeds.url("/?a=1&b=2"),
                feeds.url("/notes.atom"),
                feeds.url("/analysis.rss"),
                feeds.url("/other.rss"))
            .replace("${HOME}", "$${HOME}"));
    List<FeedSettings> original = loadedFeeds();
    Path opml = dir.resolve("out/all.opml");
    Files.createDirectories(opml.getParent());

    Cli.Result export =
        Cli.run("feeds", "export", "--config", config.toString(), "--output", opml.toString());
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(Files.readString(opml))
        .startsWith("<?xml")
        .contains("<opml version=\"2.0\">")
        .contains("&amp;")
        .doesNotContain("Jerry's \"Gazette\"");
    Cli.Result stdout = Cli.run("feeds", "export", "--config", config.toString());
    assertThat(stdout.out()).isEqualTo(Files.readString(opml));

    // Into a new reader whose only feed is not in the export.
    Path other = dir.resolve("other");
    Path otherConfig = writeConfig(other, feeds.url("/page.html"));
    Cli.Result r =
        Cli.run("feeds", "import", "--all", "--config", otherConfig.toString(), opml.toString());
    assertThat(r.code()).as(r.err()).isZero();

    List<FeedSettings> back = ConfigLoader.load(otherConfig, Map.of()).feeds();
    assertThat(back.subList(1, back.size()))
        .extracting(
            FeedSettings::url, FeedSettings::name, FeedSettings::category, FeedSettings::site)
        .containsExactlyInAnyOrderElementsOf(
            original.stream().map(f -> tuple(f.url(), f.name(), f.category(), f.site())).toList());
    assertThat(back.subList(1, back.size()))
        .extracting(FeedSettings::name)
        .contains("Tom & Jerry's \"Gazette\" <b>", "Workshop ${HOME} Notes \\ back", "");
  }

  @Test
  void aDoctypeWithAnExternalEntityIsRefusedInOneLine() throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "s3cr3t");
    Path opml = dir.resolve("evil.opml");
    Files.writeString(
        opml,
        """
        <?xml version="1.0"?>
        <!DOCTYPE opml [ <!ENTITY x SYSTEM "%s"> ]>
        <opml version="2.0"><body>
          <outline text="&x;" xmlUrl="%s"/>
        </body></opml>
        """
            .formatted(secret.toUri(), feeds.url("/news.rss")));

    Cli.Result r = Cli.run("feeds", "import", "--config", config.toString(), opml.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .doesNotContain("\n")
        .contains("evil.opml")
        .contains("DOCTYPE")
        .doesNotContain("s3cr3t");
    assertThat(dir.resolve("feeds.d")).doesNotExist();
  }

  @Test
  void anOpmlOverFiveMegabytesIsRefused() throws Exception {
    Path opml = dir.resolve("huge.opml");
    StringBuilder b = new StringBuilder("<opml version=\"2.0\"><body>\n");
    String line = "<outline text=\"x\" xmlUrl=\"" + feeds.url("/news.rss") + "\"/>\n";
    while (b.length() <= 5 * 1024 * 1024) {
      b.append(line);
    }
    Files.writeString(opml, b.append("</body></opml>\n"));

    Cli.Result r = Cli.run("feeds", "import", "--config", config.toString(), opml.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("digest: huge.opml: larger than 5 MB, refused");
    assertThat(dir.resolve("feeds.d")).doesNotExist();
  }

  @Test
  void malformedOpmlSaysLineAndColumn() throws Exception {
    Path opml = dir.resolve("broken.opml");
    Files.writeString(
        opml,
        "<opml version=\"2.0\">\n<body>\n  <outline text=\"a\" xmlUrl=\""
            + feeds.url("/news.rss")
            + "\">\n</body>\n</opml>\n");

    Cli.Result r = Cli.run("feeds", "import", "--config", config.toString(), opml.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .doesNotContain("\n")
        .matches("digest: broken\\.opml:4:\\d+: malformed OPML: .+");
  }

  @Test
  void aFileThatIsNotOpmlAndLocalUrlsAreNotTaken() throws Exception {
    Path rss = dir.resolve("feed.opml");
    Files.writeString(rss, Fixtures.rss(feeds.url("")));
    Cli.Result notOpml = Cli.run("feeds", "import", "--config", config.toString(), rss.toString());
    assertThat(notOpml.code()).isEqualTo(2);
    assertThat(notOpml.err()).contains("not OPML");

    Path local = dir.resolve("local.opml");
    Files.writeString(
        local,
        "<opml version=\"1.0\"><body>"
            + "<outline text=\"passwd\" xmlUrl=\"file:///etc/passwd\"/></body></opml>");
    Cli.Result r = Cli.run("feeds", "import", "--config", config.toString(), local.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(line(r.out(), "file:///etc/passwd"))
        .startsWith("skipped")
        .contains("not an http(s) URL");
    assertThat(dir.resolve("feeds.d")).doesNotExist();
  }

  @Test
  void aBrokenImportedFileIsNamedAndLeftAsItIs() throws Exception {
    Path broken = imported();
    Files.createDirectories(broken.getParent());
    Files.writeString(broken, "feeds:\n  - url: " + feeds.url("/news.rss") + "\n    nmae: x\n");

    Cli.Result r =
        Cli.run(
            "feeds", "import", "--config", config.toString(), fixture("miniflux.opml").toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("feeds.d/imported.yml:3").contains("nmae");
    assertThat(Files.readString(broken)).contains("nmae: x");
  }

  private static String line(String out, String urlEnd) {
    return out.lines()
        .filter(l -> l.contains(urlEnd + " ") || l.endsWith(urlEnd))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + urlEnd + " in:\n" + out));
  }
}
