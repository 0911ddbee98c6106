package dev.digest.condense;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoilerplateTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Share this story on Facebook or by e-mail.                    | true
          Subscribe to our daily briefing for free.                     | true
          Read more: the council's full report.                         | true
          We use cookies to give you the best experience.               | true
          By Anna de Vries, Transport correspondent                     | true
          Photo: the harbour at dawn.                                   | true
          © 2026 Example Media. All rights reserved.                    | true
          You can skip this ad in 5 seconds.                            | true
          <span class=brand>Sponsored by </span>Cheap flashlights!       | true
          By the end of the year, prices had risen by 5 per cent.       | false
          The photographer shared her pictures with the museum.         | false
          Shares in the company rose 3% after the announcement.         | false
          Readers can subscribe, the editor said, but few do.           | false
          """)
  void classifies(String sentence, boolean boilerplate) {
    assertThat(Boilerplate.is(sentence)).isEqualTo(boilerplate);
  }
}
