package dev.digest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class MainContentExtractorTest {

  private final MainContentExtractor extractor = new MainContentExtractor();

  private static String page() throws IOException {
    try (InputStream in = MainContentExtractorTest.class.getResourceAsStream("article-page.html")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void keepsTheArticleAndDropsTheChrome() throws IOException {
    String html =
        extractor.extract(page(), "https://naturalist.example.org/bees/city").orElseThrow();
    String text = Jsoup.parseBodyFragment(html).text();
    assertThat(text)
        .contains("Honeybees kept on city rooftops")
        .contains("Fewer pesticides, warmer nights")
        .contains("Not every bee benefits")
        .contains("share the city's generous larder");
    assertThat(text)
        .doesNotContain("Ten parks to visit")
        .doesNotContain("Great piece")
        .doesNotContain("All rights reserved")
        .doesNotContain("Share on Facebook")
        .doesNotContain("Sign up now")
        .doesNotContain("window.analytics");
    assertThat(html).contains("rooftop-hive.jpg");
  }

  @Test
  void pageWithoutTextGivesNothing() {
    assertThat(extractor.extract("<html><body><nav><a href=/>Home</a></nav></body></html>", ""))
        .isEmpty();
    assertThat(extractor.extract("", "")).isEmpty();
  }

  @Test
  void simplePageOfParagraphsIsKeptWhole() {
    StringBuilder b = new StringBuilder("<html><body>");
    for (int i = 0; i < 5; i++) {
      b.append("<p>Paragraph ")
          .append(i)
          .append(" has enough words in it, with a comma or two, to count as real text.</p>");
    }
    String html = extractor.extract(b.append("</body></html>").toString(), "").orElseThrow();
    assertThat(Jsoup.parseBodyFragment(html).select("p")).hasSize(5);
  }

  /**
   * An inline element holding a block, then a word split over two inline elements: pretty-printed
   * main content broke a line inside the first one, and the sanitizer's parse of it read "Market D
   * ay".
   */
  @Test
  void aWordSplitOverInlineElementsAroundABlockStaysOneWord() {
    StringBuilder b = new StringBuilder("<html><body><article>");
    for (int i = 0; i < 4; i++) {
      b.append("<p>Paragraph ")
          .append(i)
          .append(" has enough words in it, with a comma or two, to count as real text.</p>");
    }
    b.append("<div><strong><div></div>Market D</strong><strong>ay</strong> opens at nine.</div>");
    String html = extractor.extract(b.append("</article></body></html>").toString(), "").get();
    String text = new HtmlSanitizer().clean(html, "").document().body().text();
    assertThat(text).contains("Market Day opens at nine.").doesNotContain("Market D ay");
  }
}
