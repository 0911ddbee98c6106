package dev.digest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading OPML in the exporters' shapes, hostile OPML, and the file import writes. */
class OpmlReaderTest {

  @TempDir Path dir;

  private static OpmlReader.Result parse(String xml) throws Exception {
    return OpmlReader.parse("t.opml", xml.getBytes(StandardCharsets.UTF_8));
  }

  private Path fixture(String name) throws Exception {
    Path file = dir.resolve(name);
    try (var in = getClass().getResourceAsStream("/dev/digest/opml/" + name)) {
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  @Test
  void feedlyShapeWithNestedFoldersAndTheCategoryAttribute() throws Exception {
    OpmlReader.Result r = OpmlReader.read(fixture("feedly.opml"));

    assertThat(r.feeds())
        .extracting(
            OpmlReader.Entry::url,
            OpmlReader.Entry::name,
            OpmlReader.Entry::category,
            OpmlReader.Entry::line)
        .containsExactly(
            tuple("http://feeds.test/news.rss", "Harbour Gazette", "Local", 9),
            tuple("http://feeds.test/notes.atom", "Workshop Notes", "Woodwork", 13),
            tuple("http://feeds.test/news.rss", "Harbour Gazette", "Must read", 17),
            tuple("http://feeds.test/analysis.rss", "Harbour Analysis", "Deep dives", 19));
    assertThat(r.refused()).isEmpty();
  }

  @Test
  void freshRssNamespacedAttributesAreIgnoredAndEscapesDecoded() throws Exception {
    OpmlReader.Result r = OpmlReader.read(fixture("freshrss.opml"));

    assertThat(r.feeds())
        .extracting(OpmlReader.Entry::category, OpmlReader.Entry::site)
        .containsExactly(
            tuple("Uncategorized", "http://feeds.test/"),
            tuple("Crafts & Making", "http://feeds.test/notes/"),
            tuple("Crafts & Making", "http://feeds.test/analysis/"));
  }

  @Test
  void textStandsInForAMissingTitleAndAFolderWithoutNameIsNoCategory() throws Exception {
    OpmlReader.Result r =
        parse(
            """
        <opml version="1.1"><body>
          <outline><outline text="Plain" xmlURL="https://a.example/f" htmlUrl="javascript:x"/></outline>
          <outline text="" title=""><outline xmlUrl="https://b.example/f" category="News"/></outline>
        </body></opml>
        """);

    assertThat(r.feeds())
        .extracting(OpmlReader.Entry::name, OpmlReader.Entry::category, OpmlReader.Entry::site)
        .containsExactly(tuple("Plain", "", ""), tuple("", "News", ""));
  }

  @Test
  void nonHttpFeedUrlsAreRefusedNotTaken() throws Exception {
    OpmlReader.Result r =
        parse(
            """
        <opml version="2.0"><body>
          <outline text="a" xmlUrl="file:///etc/passwd"/>
          <outline text="b" xmlUrl="jar:http://x/!/y"/>
          <outline text="c" xmlUrl="https://x.example/a b{c}"/>
        </body></opml>
        """);

    assertThat(r.feeds()).isEmpty();
    assertThat(r.refused())
        .extracting(OpmlReader.Refused::url)
        .containsExactly("file:///etc/passwd", "jar:http://x/!/y", "https://x.example/a b{c}");
    assertThat(r.refused())
        .extracting(OpmlReader.Refused::reason)
        .containsExactly("not an http(s) URL", "not an http(s) URL", "not a valid URL");
  }

  @Test
  void anyDoctypeIsRefusedEvenWithoutEntities() {
    assertThatThrownBy(() -> parse("<!DOCTYPE opml>\n<opml version=\"2.0\"><body/></opml>"))
        .isInstanceOf(OpmlReader.OpmlException.class)
        .hasMessage(
            "t.opml:1: a DOCTYPE is not allowed in OPML (no DTD or entity is read), refused");
  }

  @Test
  void anUndeclaredEntityIsMalformedWithLineAndColumn() {
    assertThatThrownBy(
            () -> parse("<opml version=\"2.0\">\n<body><outline text=\"&lol;\"/></body></opml>"))
        .isInstanceOf(OpmlReader.OpmlException.class)
        .hasMessageMatching("t\\.opml:2:\\d+: malformed OPML: .*lol.*");
  }

  @Test
  void somethingElseThanOpmlOrNothingIsSaidSo() {
    assertThatThrownBy(() -> parse("<rss version=\"2.0\"/>"))
        .hasMessage("t.opml: not OPML: the document is <rss>, not <opml>");
    assertThatThrownBy(() -> parse("")).hasMessageStartingWith("t.opml:");
  }

  @Test
  void theImportedFileReadsBackExactlyWhatWasWritten() throws Exception {
    List<FeedSettings> feeds =
        List.of(
            new FeedSettings(
                "https://a.example/f?x=1&y=$Z&z=%7B",
                "Q \"uote\" \\ ${HOME} $${X}",
                "Tab\there",
                true,
                Optional.of(Duration.ofMillis(1500)),
                0,
                "https://a.example/"),
            new FeedSettings(
                "https://b.example/f",
                "Ünïcödé 😀 # not a comment",
                "",
                false,
                Optional.empty(),
                0,
                ""));

    ImportedFeeds.write(dir, feeds);

    assertThat(ImportedFeeds.read(dir))
        .extracting(
            FeedSettings::url,
            FeedSettings::name,
            FeedSettings::category,
            FeedSettings::fullText,
            FeedSettings::timeout,
            FeedSettings::site)
        .containsExactly(
            tuple(
                "https://a.example/f?x=1&y=$Z&z=%7B",
                "Q \"uote\" \\ ${HOME} $${X}",
                "Tab\there",
                true,
                Optional.of(Duration.ofMillis(1500)),
                "https://a.example/"),
            tuple(
                "https://b.example/f",
                "Ünïcödé 😀 # not a comment",
                "",
                false,
                Optional.empty(),
                ""));
    try (var files = Files.list(dir.resolve("feeds.d"))) {
      assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("imported.yml");
    }
  }
}
