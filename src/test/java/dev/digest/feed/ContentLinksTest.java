package dev.digest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentLinksTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      absolute href           | <a href="https://x.example/a">a</a>      | false
      relative href           | <a href="/a">a</a>                       | true
      relative src unquoted   | <img src=img/a.png>                      | true
      fragment only           | <a href="#note">a</a>                    | false
      mailto                  | <a href='mailto:a@b.example'>a</a>       | false
      upper case attribute    | <A HREF="../up">a</A>                    | true
      data-src is not src     | <img data-src="x.png" src="https://x/y"> | false
      text with equals        | <p>a = b, src = nothing</p>              | true
      no attributes           | <p>plain</p>                             | false
      """)
  void spotsRelativeReferences(String name, String html, boolean expected) {
    assertThat(ContentLinks.hasRelativeReference(html)).isEqualTo(expected);
  }
}
