package dev.digest.render;

import dev.digest.config.DigestSettings;
import dev.digest.edition.Edition;
import dev.digest.edition.EditionItem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** A fixed edition and settings for render tests (and the preview main). */
final class Fixtures {

  static final Instant BUILT = Instant.parse("2026-11-23T07:00:00Z");

  private Fixtures() {}

  static DigestSettings settings() {
    return new DigestSettings(
        "weekly-brief",
        "The Weekly Brief",
        "https://brief.example.org",
        "0 0 8 ? * MON",
        ZoneId.of("Europe/Berlin"),
        Duration.ofDays(7),
        25,
        5,
        "en",
        "Example Media, 1 Sample Street, 10115 Berlin, Germany",
        Path.of("templates"),
        Path.of("target/data"));
  }

  static Edition edition(List<EditionItem> items) {
    return new Edition(
        "weekly-brief",
        12,
        "The Weekly Brief",
        BUILT.minus(Duration.ofDays(7)),
        BUILT,
        BUILT,
        items);
  }

  static EditionItem item(
      int position, String title, String category, List<String> quick, List<String> takeaways) {
    return new EditionItem(
        "https://news.example.com/" + position,
        position,
        title,
        "https://news.example.com/articles/" + position,
        "Example News",
        category,
        "A. Writer",
        BUILT.minus(Duration.ofHours(position * 5L)),
        3 + position % 5,
        quick,
        takeaways,
        "sections",
        List.of());
  }

  /** Eight items over three categories (one uncategorised), so TOC and groups show. */
  static Edition fixed() {
    String[] cats = {"Tech", "Science", "Tech", "", "Science", "Tech", "Culture", ""};
    List<EditionItem> items = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      items.add(
          item(
              i,
              "Headline number " + i + ": what changed this week in topic " + i,
              cats[i - 1],
              List.of(
                  "The first quick-summary line of article "
                      + i
                      + " says what happened and why"
                      + " it matters to readers who follow this topic closely.",
                  "A second line adds the context in one sentence."),
              List.of(
                  "Takeaway one for article " + i + ".",
                  "Takeaway two, a little longer, explaining the consequence for the reader in"
                      + " practical terms that fit in one sentence.",
                  "Takeaway three.")));
    }
    return edition(items);
  }

  /** {@code n} items with long bullets, to exceed the clip limit. */
  static Edition big(int n) {
    List<EditionItem> items = new ArrayList<>();
    String longText =
        "This bullet is deliberately long so that the rendered edition grows quickly"
            + " past the Gmail clipping limit when there are very many articles in one edition";
    for (int i = 1; i <= n; i++) {
      items.add(
          item(
              i,
              "Long item " + i + " with a title of some length for the table",
              i % 2 == 0 ? "Tech" : "Science",
              List.of(longText + " " + i + ".", longText + "."),
              List.of(longText + ".", longText + ".", longText + ".", longText + ".")));
    }
    return edition(items);
  }
}
