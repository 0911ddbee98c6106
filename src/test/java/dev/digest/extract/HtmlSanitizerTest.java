package dev.digest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlSanitizerTest {

  private final HtmlSanitizer sanitizer = new HtmlSanitizer();
  private static final String BASE = "https://news.example.org/2026/03/story.html";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
      script tag              | <p>a</p><script>alert(1)</script>                          | <p>a</p>
      script in svg           | <svg><script>alert(1)</script><circle r=1 /></svg><p>b</p> | <p>b</p>
      svg onload              | <svg onload=alert(1)><p>c</p></svg>                        | <p>c</p>
      img onerror             | <img src=x.png onerror=alert(1)>                           | <img src="https://news.example.org/2026/03/x.png">
      javascript link         | <a href="javascript:alert(1)">x</a>                        | x
      javascript entity link  | <a href="jav&#x09;ascript:alert(1)">x</a>                  | x
      data URL link           | <a href="data:text/html;base64,PHNjcmlwdD4=">x</a>         | x
      data URL image          | <img src="data:image/svg+xml,<svg onload=alert(1)>">       | ``
      vbscript link           | <a href="vbscript:msgbox(1)">x</a>                         | x
      style tag               | <style>body{background:url(javascript:x)}</style><p>d</p>  | <p>d</p>
      css expression          | <p style="width: expression(alert(1))">e</p>              | <p>e</p>
      iframe                  | <iframe src="https://evil.example/"></iframe><p>f</p>     | <p>f</p>
      object and embed        | <object data=x.swf></object><embed src=x.swf><p>g</p>     | <p>g</p>
      base tag                | <base href="https://evil.example/"><a href="/p">h</a>     | <a href="https://news.example.org/p">h</a>
      meta refresh            | <meta http-equiv="refresh" content="0;url=https://evil.example/"><p>i</p> | <p>i</p>
      form and input          | <form action="https://evil.example/"><input name=pw><button>go</button></form><p>j</p> | go<p>j</p>
      event handler on p      | <p onclick="alert(1)" onmouseover="x()">k</p>              | <p>k</p>
      link tag                | <link rel=stylesheet href="https://evil.example/x.css"><p>l</p> | <p>l</p>
      relative link made absolute | <a href="../other.html">m</a>                         | <a href="https://news.example.org/2026/other.html">m</a>
      mailto kept             | <a href="mailto:ed@example.org">n</a>                      | <a href="mailto:ed@example.org">n</a>
      lazy image              | <img data-src="/img/lazy.jpg" src="data:image/gif;base64,R0lGOD">  | <img src="https://news.example.org/img/lazy.jpg">
      structure kept          | <h2>T</h2><ul><li>one</li></ul><blockquote>q</blockquote> | <h2>T</h2><ul><li>one</li></ul><blockquote>q</blockquote>
      summary box named by class | <aside class="key-takeaways" id="tk" onclick="x()" style="color:red"><p>o</p></aside> | <aside class="key-takeaways" id="tk"><p>o</p></aside>
      sections kept for the condenser | <article><header>h</header><section><p>p</p></section><nav><a href="/a">n</a></nav></article> | <article><header>h</header><section><p>p</p></section><nav><a href="https://news.example.org/a">n</a></nav></article>
      details without its handler | <details open ontoggle="x()"><summary>s</summary>t</details> | <details><summary>s</summary>t</details>
      """)
  void neutralizes(String name, String dirty, String expected) {
    assertThat(sanitizer.sanitize(dirty, BASE)).isEqualTo(expected);
  }

  @Test
  void emptyAndNullAreEmpty() {
    assertThat(sanitizer.sanitize("", BASE)).isEmpty();
    assertThat(sanitizer.sanitize(null, BASE)).isEmpty();
  }

  @Test
  void noEventHandlerOrScriptSurvivesAMixedBag() {
    String dirty =
        "<div><img src=a.png onerror=x><a href=\"JaVaScRiPt:x\" onclick=y>l</a>"
            + "<math><mi xlink:href=\"javascript:x\">m</mi></math><details open ontoggle=z>d</details>"
            + "<video><source onerror=w></video></div>";
    String clean = sanitizer.sanitize(dirty, BASE).toLowerCase();
    assertThat(clean)
        .doesNotContain(
            "javascript", "onerror", "onclick", "ontoggle", "<script", "<math", "<video");
  }

  /** What a browser shows on lines of their own is read as separate words. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      block ending in an inline, then an inline  | <div><span><p>at the market.</p></span><span>Photo: A. Reader</span></div> | at the market. Photo: A. Reader
      blocks in an inline, then text             | <div><em><p>one</p><p>two</p></em>three</div>                             | one two three
      block two inlines deep, then text          | <div><b><i><h3>Title</h3></i></b>Body text</div>                          | Title Body text
      inline neighbours stay one word            | <p><strong>Market D</strong><strong>ay</strong> opens</p>                 | Market Day opens
      a space already there is not doubled       | <div><span><p>end.</p></span> Next</div>                                  | end. Next
      a block after the inline needs nothing     | <div><span><p>end.</p></span><p>Next</p></div>                            | end. Next
      """)
  void blocksInsideInlineElementsSeparateTheirText(String name, String dirty, String text) {
    CleanContent clean = sanitizer.clean(dirty, BASE);
    assertThat(clean.document().body().text()).isEqualTo(text);
    // The safe HTML reads the same when parsed again (the condenser may be handed either).
    assertThat(CleanContent.ofSafeHtml(clean.html()).document().body().text()).isEqualTo(text);
  }
}
