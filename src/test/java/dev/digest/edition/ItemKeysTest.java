package dev.digest.edition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.feed.Article;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ItemKeysTest {

  static Article article(String link, String guid) {
    return new Article(
        "https://feed.example/rss",
        "Feed",
        "",
        guid,
        "Title",
        link,
        "",
        Instant.EPOCH,
        Optional.empty(),
        "",
        Optional.empty());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          HTTPS://Example.ORG/a/b/                                  | https://example.org/a/b
          https://example.org/a/b#section                           | https://example.org/a/b
          https://example.org/a?utm_source=x&utm_medium=rss&id=3    | https://example.org/a?id=3
          https://example.org/a?fbclid=abc                          | https://example.org/a
          https://example.org/a?gclid=1&UTM_Campaign=2              | https://example.org/a
          http://example.org:80/a                                   | http://example.org/a
          https://example.org:8443/a                                | https://example.org:8443/a
          https://example.org/                                      | https://example.org
          https://example.org/Case/Path                             | https://example.org/Case/Path
          """)
  void normalizesLinks(String link, String key) {
    assertThat(ItemKeys.of(article(link.trim(), "g"))).isEqualTo(key.trim());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not a url   | tag:example.org,2024:1 | guid:tag:example.org,2024:1
          mailto:a@b.c| urn:x                  | guid:urn:x
          """)
  void fallsBackToGuid(String link, String guid, String key) {
    assertThat(ItemKeys.of(article(link.trim(), guid.trim()))).isEqualTo(key.trim());
  }
}
