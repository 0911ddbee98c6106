package dev.digest.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digest.config.DigestSettings;
import dev.digest.edition.Edition;
import dev.digest.edition.EditionItem;
import dev.digest.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestRendererTest {

  private final DigestRenderer renderer = new DigestRenderer(Fixtures.settings());

  @Test
  void fixedEditionMatchesGoldenHtmlAndText() throws Exception {
    RenderedDigest r = renderer.render(Fixtures.fixed());
    Golden.check("dev/digest/render", "fixed.expected.html", r.html());
    Golden.check("dev/digest/render", "fixed.expected.txt", r.text());
    assertThat(r.subject())
        .isEqualTo("The Weekly Brief #12: Headline number 1: what changed this week in topic 1");
    assertThat(r.preheader()).startsWith("The first quick-summary line of article 1");
  }

  @Test
  void htmlHasTheMailEssentials() {
    RenderedDigest r = renderer.render(Fixtures.fixed());
    Document doc = Jsoup.parse(r.html());
    assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("en");
    assertThat(doc.select("meta[name=color-scheme]").attr("content")).isEqualTo("light dark");
    assertThat(doc.select("table"))
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.attr("role")).isEqualTo("presentation"));
    assertThat(doc.selectFirst("table.container").attr("width")).isEqualTo("600");
    // Only @media rules stay in <style>; everything else went into style attributes.
    String style = doc.select("style").html();
    assertThat(style)
        .contains("@media only screen and (max-width: 620px)")
        .contains("prefers-color-scheme: dark")
        .doesNotContain(".bullet {");
    assertThat(doc.selectFirst("td.item").attr("style")).contains("padding: 18px 32px");
    assertThat(doc.selectFirst(".preheader").text()).isEqualTo(r.preheader());
    assertThat(doc.selectFirst(".preheader").attr("style")).contains("display: none");
    // TOC (8 items > 6), categories in order of their best item, uncategorised last.
    assertThat(doc.select(".toc-list li")).hasSize(8);
    assertThat(doc.select(".category-name").eachText())
        .containsExactly("Tech", "Science", "Culture", "More");
    assertThat(doc.select("td.item")).hasSize(8);
    Element first = doc.selectFirst("td.item");
    assertThat(first.selectFirst("a.item-link").attr("href"))
        .isEqualTo("https://news.example.com/articles/1");
    assertThat(first.select("ul.bullets").get(0).select("li")).hasSize(2);
    assertThat(first.select("ul.bullets").get(1).select("li")).hasSize(3);
    assertThat(first.selectFirst(".meta").text())
        .isEqualTo("Example News · 23 Nov 2026 · 4 min read");
    assertThat(first.selectFirst("a.more-link").text()).startsWith("Read more");
    assertThat(doc.select("a[href=https://brief.example.org/archive/12]")).isNotEmpty();
    // "Manage what you get" and "Unsubscribe": both open the reader's signed page.
    assertThat(doc.select("a[href=" + DigestTemplate.UNSUBSCRIBE_URL + "]"))
        .extracting(e -> e.text())
        .containsExactly("Manage what you get", "Unsubscribe");
    assertThat(doc.select(".footer").text())
        .contains("You receive this because you subscribed to The Weekly Brief")
        .contains("Example Media, 1 Sample Street, 10115 Berlin, Germany");
    assertThat(doc.select("img")).allSatisfy(img -> assertThat(img.hasAttr("alt")).isTrue());
  }

  @Test
  void headingsNeverSkipALevelWithOrWithoutCategories() {
    List<EditionItem> uncategorised =
        Fixtures.fixed().items().stream()
            .map(i -> Fixtures.item(i.position(), i.title(), "", i.quickSummary(), i.takeaways()))
            .toList();
    for (Edition e : List.of(Fixtures.fixed(), Fixtures.edition(uncategorised))) {
      Document doc = Jsoup.parse(renderer.render(e).html());
      int previous = 0;
      for (Element h : doc.select("h1, h2, h3, h4, h5, h6")) {
        int level = h.tagName().charAt(1) - '0';
        assertThat(level)
            .as("%s after h%d", h.outerHtml(), previous)
            .isLessThanOrEqualTo(previous + 1);
        previous = level;
      }
      assertThat(doc.select(".item-title")).hasSize(8);
    }
    // Without categories there is no h2 group heading, so the items themselves are h2.
    assertThat(
            Jsoup.parse(renderer.render(Fixtures.edition(uncategorised)).html())
                .select("h2.item-title"))
        .hasSize(8);
  }

  @Test
  void aThumbnailShowsSmallWithItsAltTextInHtmlAndNotInText() {
    List<EditionItem> items = new java.util.ArrayList<>();
    for (EditionItem i : Fixtures.big(25).items()) {
      items.add(
          new EditionItem(
              i.key(),
              i.position(),
              i.title(),
              i.link(),
              i.source(),
              i.category(),
              i.author(),
              i.published(),
              i.readingMinutes(),
              i.quickSummary(),
              i.takeaways(),
              i.method(),
              i.alsoIn(),
              i.position() == 3
                  ? "javascript:alert(1)"
                  : "https://cdn.example.com/images/"
                      + i.position()
                      + "/thumbnail-640x360.jpg?v=2&fit=crop",
              "",
              i.position() == 2 ? 0 : 640,
              i.position() == 2 ? 0 : 360));
    }
    RenderedDigest r = renderer.render(Fixtures.edition(items));
    Document doc = Jsoup.parse(r.html());

    assertThat(doc.select("td.item")).hasSize(25);
    assertThat(doc.select("img.thumb, td.item img")).hasSize(24);
    Element first = doc.selectFirst("td#item-1 img");
    assertThat(first.attr("src"))
        .isEqualTo("https://cdn.example.com/images/1/thumbnail-640x360.jpg?v=2&fit=crop");
    // Short: where images are blocked (Outlook by default) the alt text shows beside the title.
    assertThat(first.attr("alt")).isEqualTo("Picture from " + items.get(0).source());
    assertThat(first.attr("width")).isEqualTo("96");
    assertThat(first.attr("height")).as("640x360 at 96 px wide").isEqualTo("54");
    assertThat(doc.selectFirst("td#item-2 img").hasAttr("height")).as("size not known").isFalse();
    assertThat(first.attr("style")).contains("max-width: 30%").contains("height: auto");
    assertThat(doc.select("td#item-3 img")).as("a javascript: image").isEmpty();
    assertThat(r.html()).doesNotContain("javascript:");
    assertThat(r.text()).doesNotContain("cdn.example.com");
    assertThat(r.html().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .as("under Gmail's clipping line")
        .isLessThan(102 * 1024);
  }

  /**
   * Grouped by category, the items are met in another order than their rank: the contents list and
   * the text part's numbers follow the order on the page (they went 1, 3, 6, 2, 5, ...).
   */
  @Test
  void contentsAndNumbersFollowTheOrderOfTheGroups() {
    RenderedDigest r = renderer.render(Fixtures.fixed());
    Document doc = Jsoup.parse(r.html());
    List<String> body = doc.select(".item-link").eachText();
    assertThat(body).hasSize(8);
    assertThat(doc.select(".toc-link").eachText()).isEqualTo(body);
    assertThat(body.get(1)).as("Tech's second item, third by rank").contains("number 3:");
    List<String> numbered =
        r.text()
            .lines()
            .filter(l -> l.matches("^[0-9]+\\. Headline.*"))
            .map(l -> l.substring(0, l.indexOf('.')))
            .toList();
    assertThat(numbered).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
    List<String> contents =
        r.text()
            .lines()
            .filter(l -> l.matches("^  [0-9]+\\. Headline.*"))
            .map(String::strip)
            .toList();
    assertThat(contents).hasSize(8);
    assertThat(contents.get(1)).startsWith("2. Headline number 3:");
  }

  @Test
  void fewItemsHaveNoTableOfContents() {
    Edition e = Fixtures.edition(Fixtures.fixed().items().subList(0, 6));
    Document doc = Jsoup.parse(renderer.render(e).html());
    assertThat(doc.select(".toc-list")).isEmpty();
    assertThat(renderer.render(e).text()).doesNotContain("In this edition:");
  }

  @Test
  void textIsWrappedWithLinksOnTheirOwnLines() {
    RenderedDigest r = renderer.render(Fixtures.big(3));
    for (String line : r.text().split("\n")) {
      if (line.strip().contains(" ")) {
        assertThat(line.length()).as(line).isLessThanOrEqualTo(DigestRenderer.WRAP_COLUMNS);
      }
    }
    assertThat(r.text())
        .contains("\n   https://news.example.com/articles/2\n")
        .contains("or unsubscribe:\n" + DigestTemplate.UNSUBSCRIBE_URL + "\n")
        .contains("\nhttps://brief.example.org/archive/12\n");
  }

  @Test
  void oversizedEditionIsCutByRankAndLinksTheArchive() {
    RenderedDigest r = renderer.render(Fixtures.big(200));
    int bytes = r.html().getBytes(StandardCharsets.UTF_8).length;
    assertThat(bytes).isLessThan(102 * 1024);
    Document doc = Jsoup.parse(r.html());
    int kept = doc.select("td.item").size();
    assertThat(kept).isBetween(10, 199);
    assertThat(doc.select("td.item").eachAttr("id"))
        .contains("item-1", "item-" + kept)
        .doesNotContain("item-" + (kept + 1), "item-200");
    String more = (200 - kept) + " more in the web archive";
    assertThat(doc.select("td.overflow a").text()).isEqualTo(more);
    assertThat(doc.selectFirst("td.overflow a").attr("href"))
        .isEqualTo("https://brief.example.org/archive/12");
    assertThat(r.text())
        .contains(more + ":\nhttps://brief.example.org/archive/12")
        .contains("\n" + kept + ". Long item " + kept + " ")
        .doesNotContain("Long item " + (kept + 1) + " ");
    // The edition line still counts the whole edition.
    assertThat(doc.selectFirst(".edition").text()).endsWith("200 articles");
  }

  @Test
  void smallEditionIsNotCut() {
    RenderedDigest r = new DigestRenderer(Fixtures.settings(), 5_000_000).render(Fixtures.big(60));
    assertThat(Jsoup.parse(r.html()).select("td.item")).hasSize(60);
    assertThat(r.html()).doesNotContain("more in the web archive");
  }

  @Test
  void fillReplacesThePlaceholderInBothBodies() {
    RenderedDigest r = renderer.render(Fixtures.fixed());
    String url = "https://brief.example.org/unsubscribe?t=abc123";
    DigestTemplate.Filled p = r.template().fill(new PersonalLinks(url));
    assertThat(p.html())
        .contains("href=\"" + url + "\"")
        .doesNotContain(DigestTemplate.UNSUBSCRIBE_URL);
    assertThat(p.text()).contains("\n" + url + "\n").doesNotContain(DigestTemplate.UNSUBSCRIBE_URL);
    assertThat(p.subject()).isEqualTo(r.subject());

    DigestTemplate.Filled amp =
        r.template().fill(new PersonalLinks("https://b.example.org/u?t=1&s=\"x"));
    assertThat(amp.html()).contains("href=\"https://b.example.org/u?t=1&amp;s=&quot;x\"");
    assertThat(Jsoup.parse(amp.html()).select("a:contains(Unsubscribe)").attr("href"))
        .isEqualTo("https://b.example.org/u?t=1&s=\"x");
    assertThat(amp.text()).contains("\nhttps://b.example.org/u?t=1&s=\"x\n");
  }

  static final List<String> HOSTILE =
      List.of(
          "<script>alert(1)</script>",
          "<img src=x onerror=alert(1)>",
          "<a href=\"javascript:alert(1)\">x</a>",
          "<svg onload=alert(1)><circle/></svg>",
          "<div style=\"width: expression(alert(1))\">x</div>",
          "<base href=\"https://evil.example/\">",
          "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
          "<form action=\"https://evil.example/\"><input name=p></form>",
          "<iframe src=\"https://evil.example/\"></iframe>",
          "\"><script>alert(2)</script>",
          "'><img src=x onerror=alert(3)>",
          "<style>body{background:url(javascript:alert(4))}</style>",
          "<object data=\"javascript:alert(5)\"></object>",
          "]]><!-- --><script>alert(6)</script>",
          "[(${T(java.lang.Runtime).getRuntime()})]");

  @Test
  void hostileFeedTextNeverBecomesMarkup() {
    List<EditionItem> items =
        Stream.iterate(0, i -> i + 1)
            .limit(HOSTILE.size())
            .map(
                i ->
                    new EditionItem(
                        "k" + i,
                        i + 1,
                        HOSTILE.get(i),
                        i % 2 == 0
                            ? "javascript:alert(" + i + ")"
                            : "data:text/html,<script>alert(1)</script>",
                        HOSTILE.get(i),
                        HOSTILE.get(i),
                        HOSTILE.get(i),
                        Fixtures.BUILT,
                        2,
                        List.of(HOSTILE.get(i), "ok"),
                        List.of(HOSTILE.get(i)),
                        "extractive",
                        List.of(HOSTILE.get(i))))
            .toList();
    RenderedDigest r = renderer.render(Fixtures.edition(items));
    String html = r.html();
    assertThat(html.toLowerCase())
        .doesNotContain(
            "<script",
            "<img",
            "<svg",
            "<iframe",
            "<form",
            "<base",
            "<object",
            "<input",
            "<meta http-equiv",
            "<style>body");
    Document doc = Jsoup.parse(html);
    for (Element el : doc.getAllElements()) {
      assertThat(el.tagName())
          .isNotIn("script", "img", "svg", "iframe", "form", "base", "object", "input", "embed");
      for (Attribute a : el.attributes()) {
        assertThat(a.getKey()).as(el.tagName()).doesNotStartWith("on");
        assertThat(a.getValue().toLowerCase()).doesNotContain("javascript:", "expression(");
      }
    }
    assertThat(doc.select("meta").eachAttr("name"))
        .containsExactly(
            "viewport",
            "x-apple-disable-message-reformatting",
            "color-scheme",
            "supported-color-schemes");
    assertThat(doc.select("style")).hasSize(1);
    // Unsafe links fall back to the archive; the text is still there, as text.
    assertThat(doc.select("a.item-link").eachAttr("href"))
        .containsOnly("https://brief.example.org/archive/12");
    assertThat(doc.select("a.item-link").get(0).text()).isEqualTo(HOSTILE.get(0));
    // The text part is plain text: no template expression was evaluated from feed text.
    assertThat(r.text())
        .contains("[(${T(java.lang.Runtime).getRuntime()})]")
        .doesNotContain("Read more:\n   javascript:", "Read more:\n   data:")
        .contains("Read more:\n   https://brief.example.org/archive/12\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      textBlock =
          """
      https://example.org/a?b=1,               https://example.org/a?b=1
      http://example.org/,                     http://example.org/
      HTTPS://EXAMPLE.ORG/x,                   HTTPS://EXAMPLE.ORG/x
      javascript:alert(1),                     FALLBACK
      ' javascript:alert(1)',                  FALLBACK
      'data:text/html;base64,PHNjcmlwdD4=',    FALLBACK
      /relative/path,                          FALLBACK
      mailto:a@example.org,                    FALLBACK
      https://exa mple.org/,                   FALLBACK
      """)
  void onlyHttpLinksReachTheMail(String link, String expected) {
    assertThat(DigestRenderer.safeUrl(link, "FALLBACK")).isEqualTo(expected);
  }

  @Test
  void templateErrorNamesFileAndLine(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("digest.html"), "<html>\n<p th:text=\"${a.}\">x</p>\n</html>\n");
    Files.writeString(dir.resolve("digest.txt"), "x");
    DigestSettings s = Fixtures.settings();
    DigestSettings broken =
        new DigestSettings(
            s.id(),
            s.title(),
            s.baseUrl(),
            s.schedule(),
            s.timeZone(),
            s.window(),
            s.maxArticles(),
            s.maxPerFeed(),
            s.language(),
            s.postalAddress(),
            dir,
            s.dataDir());
    assertThatThrownBy(() -> new DigestRenderer(broken).render(Fixtures.fixed()))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("digest.html:2");
  }

  @Test
  void editedTemplatesShowOnTheNextRender(@TempDir Path dir) throws Exception {
    for (String name : List.of("digest.html", "digest.txt")) {
      Files.copy(Path.of("templates", name), dir.resolve(name));
    }
    DigestSettings s = Fixtures.settings();
    DigestRenderer r =
        new DigestRenderer(
            new DigestSettings(
                s.id(),
                s.title(),
                s.baseUrl(),
                s.schedule(),
                s.timeZone(),
                s.window(),
                s.maxArticles(),
                s.maxPerFeed(),
                s.language(),
                s.postalAddress(),
                dir,
                s.dataDir()));
    assertThat(r.render(Fixtures.fixed()).html()).contains("background-color: #ffffff");
    Path html = dir.resolve("digest.html");
    Files.writeString(
        html,
        Files.readString(html)
            .replace(
                ".container { width: 600px; max-width: 600px; background-color: #ffffff; }",
                ".container { width: 600px; max-width: 600px; background-color: #fffdf5; }")
            .replace("Key takeaways", "What to remember"));
    Path txt = dir.resolve("digest.txt");
    Files.writeString(txt, Files.readString(txt).replace("Key takeaways:", "Remember:"));
    RenderedDigest after = r.render(Fixtures.fixed());
    assertThat(after.html())
        .contains("background-color: #fffdf5")
        .contains("What to remember")
        .doesNotContain("background-color: #ffffff");
    assertThat(after.text()).contains("Remember:").doesNotContain("Key takeaways:");
  }

  @Test
  void emptyEditionRendersWithoutItems() {
    RenderedDigest r = renderer.render(Fixtures.edition(List.of()));
    assertThat(r.subject()).isEqualTo("The Weekly Brief #12");
    assertThat(Jsoup.parse(r.html()).select("td.item")).isEmpty();
    assertThat(r.text()).contains("0 articles");
  }
}
