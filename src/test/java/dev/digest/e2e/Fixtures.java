package dev.digest.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Feeds written for the end-to-end tests: an RSS 2.0 feed, an Atom 1.0 feed, and an RSS feed whose
 * item is shaped like an article with its own "Quick Summary" and "Key Takeaways" sections. Dates
 * are relative to now so they always fall inside the edition window.
 */
final class Fixtures {

  static final String QUICK_1 =
      "The harbour council approved a tidal barrier for the old port district.";
  static final String QUICK_2 =
      "Construction starts in spring and should take three building seasons.";
  static final String QUICK_3 = "Residents get a say on the design of the public promenade on top.";
  static final String TAKEAWAY_1 =
      "Flood risk in the district falls sharply once the barrier is closed.";

  static String rfc822(Instant t) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
  }

  /** RSS 2.0 with one article that carries its own sections (shaped like sample-article.txt). */
  static String sections(String base) {
    Instant now = Instant.now();
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
          <channel>
            <title>Harbour Analysis</title>
            <link>%1$s/</link>
            <description>Analysis</description>
            <item>
              <title>Council approves tidal barrier</title>
              <link>%1$s/analysis/barrier</link>
              <guid>%1$s/analysis/barrier</guid>
              <pubDate>%2$s</pubDate>
              <description>The council decided.</description>
              <content:encoded><![CDATA[
                <h2>⚡ Quick Summary</h2>
                <ul>
                  <li>%3$s</li>
                  <li>%4$s</li>
                  <li>%5$s</li>
                </ul>
                <h2>What Happened</h2>
                <p>After two years of hearings the harbour council voted on Tuesday to build a tidal
                barrier across the mouth of the old port. The vote was eleven to four.</p>
                <p>Engineers said the structure would protect roughly four thousand homes that flooded
                twice in the last decade. The barrier closes automatically at high water.</p>
                <h2>Key Takeaways</h2>
                <ul>
                  <li>%6$s</li>
                  <li>The cost is shared between the city and the regional government.</li>
                  <li>A promenade on top of the barrier opens to the public.</li>
                </ul>
                <h2>Looking Ahead</h2>
                <p>Tenders for the construction work go out in February.</p>
              ]]></content:encoded>
            </item>
          </channel>
        </rss>
        """
        .formatted(
            base, rfc822(now.minus(1, ChronoUnit.DAYS)), QUICK_1, QUICK_2, QUICK_3, TAKEAWAY_1);
  }

  /** Plain RSS 2.0 with HTML in the description and no sections of its own. */
  static String rss(String base) {
    Instant now = Instant.now();
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0">
          <channel>
            <title>Harbour Gazette</title>
            <link>%1$s/</link>
            <description>Local news</description>
            <item>
              <title>Ferry timetable changes for winter</title>
              <link>%1$s/news/ferry</link>
              <guid>%1$s/news/ferry</guid>
              <pubDate>%2$s</pubDate>
              <description><![CDATA[<p>The ferry company published its winter timetable on Monday.
              Crossings to the island will run every ninety minutes instead of every hour. The first
              boat leaves at six in the morning and the last one at ten in the evening. Commuters
              asked for an earlier connection, and the company said it would review demand in
              January. Tickets bought before the change remain valid until the end of the year.
              Bicycles travel free on weekday mornings during the trial period.</p>]]></description>
            </item>
          </channel>
        </rss>
        """
        .formatted(base, rfc822(now.minus(2, ChronoUnit.DAYS)));
  }

  static String atom(String base) {
    Instant now = Instant.now();
    return """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>Workshop Notes</title>
          <id>urn:uuid:6c0b2f55-6a54-4bb8-9f55-1c1d2a3b4c5d</id>
          <updated>%2$s</updated>
          <link href="%1$s/"/>
          <entry>
            <title>Sharpening chisels by hand</title>
            <id>urn:uuid:0f7e1a22-8d5e-4d1e-9c77-2b7c1e9a0a01</id>
            <link href="%1$s/notes/chisels"/>
            <updated>%2$s</updated>
            <author><name>Ada Joiner</name></author>
            <content type="html"><![CDATA[<p>A sharp chisel is safer than a dull one because it
            needs less force. Start on a coarse stone to flatten the back of the blade. Move to a
            medium stone once the back is flat and shows an even scratch pattern. Hone the bevel
            at a steady angle of about twenty-five degrees. Finish on a fine stone and strop the
            edge on leather. Test the edge by paring end grain of soft pine. A clean shaving means
            the work is done. Store chisels with edge guards so they stay sharp longer.</p>]]></content>
          </entry>
        </feed>
        """
        .formatted(base, now.minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
  }

  /**
   * Puts the three feeds of {@link #config} on the server: RSS 2.0, Atom 1.0, one with sections.
   */
  static void serveThreeFeeds(FeedServer feeds) {
    feeds.put("/news.rss", "application/rss+xml", rss(feeds.url("")));
    feeds.put("/notes.atom", "application/atom+xml", atom(feeds.url("")));
    feeds.put("/analysis.rss", "application/rss+xml", sections(feeds.url("")));
  }

  /** A feeds.yml for the test: SMTP at the given port, data in {@code dir}, repo templates. */
  static Path config(Path dir, FeedServer feeds, int smtpPort) throws IOException {
    return config(dir, feeds, smtpPort, "http://127.0.0.1:8080");
  }

  /** As above with the web site's base URL (links in mails point there). */
  static Path config(Path dir, FeedServer feeds, int smtpPort, String baseUrl) throws IOException {
    Path templates = Path.of("templates").toAbsolutePath();
    String yml =
        """
        digest:
          title: Harbour Brief
          base-url: %s
          templates: %s
          data-dir: data
        mail:
          from: "Harbour Brief <brief@example.org>"
          smtp: { host: 127.0.0.1, port: %d, security: none }
          pool: 2
        database:
          url: "jdbc:h2:file:./data/digest"
        feeds:
          - { url: "%s", name: Harbour Gazette, category: News }
          - { url: "%s", name: Workshop Notes, category: Crafts }
          - { url: "%s", name: Harbour Analysis, category: News }
        """
            .formatted(
                baseUrl,
                templates,
                smtpPort,
                feeds.url("/news.rss"),
                feeds.url("/notes.atom"),
                feeds.url("/analysis.rss"));
    Path file = dir.resolve("feeds.yml");
    Files.writeString(file, yml);
    return file;
  }

  /** A port free right now on 127.0.0.1. */
  static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private Fixtures() {}
}
