package dev.digest.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CssInlinerTest {

  private static Document inline(String html) {
    Document doc = Jsoup.parse(html);
    new CssInliner().inline(doc);
    return doc;
  }

  @Test
  void cascadeOrderImportanceSpecificityThenSourceOrder() {
    Document doc =
        inline(
            """
        <html><head><style>
        p.x { color: red; }
        p { color: blue; margin: 0; }
        .y { color: green !important; }
        #z { color: #abcdef; font-family: "Segoe UI", Arial; }
        </style></head><body>
        <p class="x" id="a">one</p><p class="x y">two</p><p id="z">three</p>
        <p style="color: black; margin: 1px">four</p></body></html>
        """);
    assertThat(doc.getElementById("a").attr("style")).isEqualTo("margin: 0; color: red");
    assertThat(doc.select("p.y").attr("style")).isEqualTo("margin: 0; color: green");
    assertThat(doc.getElementById("z").attr("style"))
        .isEqualTo("margin: 0; color: #abcdef; font-family: 'Segoe UI', Arial");
    assertThat(doc.select("p").get(3).attr("style")).isEqualTo("color: black; margin: 1px");
  }

  @Test
  void onlyMediaBlocksStayVerbatim() {
    Document doc =
        inline(
            """
        <html><head><style>
        /* a { color: red } @media nothing */
        a { color: #112233; }
        @media (max-width: 600px) { .c { width: 100% !important; } }
        a:hover { color: red; }
        </style></head><body><a class="c" href="#">x</a></body></html>
        """);
    assertThat(doc.select("style")).hasSize(1);
    String css = doc.selectFirst("style").data();
    assertThat(css)
        .contains("@media (max-width: 600px) { .c { width: 100% !important; } }")
        .contains(":hover")
        .doesNotContain("#112233");
    assertThat(doc.selectFirst("a").attr("style")).isEqualTo("color: #112233");
  }

  @Test
  void brokenCssIsARenderError() {
    assertThatThrownBy(() -> inline("<html><head><style>a { color: ; {{ </style></head></html>"))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("CSS error");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      textBlock =
          """
      p,                0,0,1
      .a,               0,1,0
      p.a.b,            0,2,1
      #x p,             1,0,1
      'ul li a[href]',  0,1,3
      'td > p.meta',    0,1,2
      """)
  void specificity(String selector, int ids, int classes, int types) {
    assertThat(CssInliner.specificity(selector)).isEqualTo(ids * 10_000 + classes * 100 + types);
  }
}
