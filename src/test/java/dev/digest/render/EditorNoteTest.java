package dev.digest.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The editor's Markdown note as mail HTML: formatted, never a way to put markup in a mail. */
class EditorNoteTest {

  @Test
  void markdownBecomesParagraphsEmphasisListsAndLinks() {
    String html =
        EditorNote.html(
            "Hello **readers**, a *short* week.\n\n- one\n- two\n\n[Our site](https://example.org/about)");
    assertThat(html)
        .contains("<strong>readers</strong>")
        .contains("<em>short</em>")
        .contains("<li>one</li>")
        .contains("href=\"https://example.org/about\"")
        .contains("rel=\"noopener\"");
  }

  @Test
  void rawHtmlIsShownAsTextAndDangerousLinksAreDropped() {
    String html =
        EditorNote.html(
            "<script>alert(1)</script> <img src=x onerror=alert(2)>\n\n"
                + "[click](javascript:alert(3)) [data](data:text/html;base64,AAAA) ![pixel](https://tracker.example/p.gif)");
    org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parseBodyFragment(html);
    assertThat(doc.select("script, img, iframe")).isEmpty();
    assertThat(doc.getAllElements())
        .allSatisfy(
            e -> assertThat(e.attributes().asList()).noneMatch(a -> a.getKey().startsWith("on")));
    assertThat(html).doesNotContain("javascript:").doesNotContain("data:text");
    // Shown as the text the editor typed; a link whose target was refused is plain text.
    assertThat(html).contains("&lt;script&gt;").contains("&lt;img src=x");
    assertThat(doc.select("a")).isEmpty();
    assertThat(doc.text()).contains("click").contains("data");
  }

  @Test
  void headingsSitBelowTheEditionsOwn() {
    String html = EditorNote.html("# Big\n\n## Less\n\n### Small");
    assertThat(html).doesNotContain("<h1").doesNotContain("<h2");
    assertThat(html).contains("<h3>Big</h3>").contains("<h3>Less</h3>").contains("<h4>Small</h4>");
  }

  @Test
  void anEmptyNoteIsNothingAndTheTextPartIsTheMarkdown() {
    assertThat(EditorNote.html("  \n ")).isEmpty();
    assertThat(EditorNote.text(null)).isEmpty();
    assertThat(EditorNote.text(" Hello **readers**.\r\n\r\nBye\u0007 "))
        .isEqualTo("Hello **readers**.\n\nBye");
  }
}
