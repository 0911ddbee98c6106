package dev.digest.feed;

/** Small feed documents written for the tests. */
public final class Fixtures {
  private Fixtures() {}

  public static String rss(String title, int items) {
    StringBuilder b =
        new StringBuilder(
            """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>%s</title><link>https://example.org/</link>
        <description>test</description>
        """
                .formatted(title));
    for (int i = 1; i <= items; i++) {
      b.append(
          """
          <item><title>%s item %d</title><link>https://example.org/%d</link>
          <guid>urn:test:%d</guid><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate>
          <description>Item %d of the test feed.</description></item>
          """
              .formatted(title, i, i, i, i));
    }
    return b.append("</channel></rss>\n").toString();
  }
}
