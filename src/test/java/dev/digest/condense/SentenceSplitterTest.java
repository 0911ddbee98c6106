package dev.digest.condense;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table of tricky sentence boundaries; expected sentences are separated by " | ". */
class SentenceSplitterTest {

  private final SentenceSplitter splitter = new SentenceSplitter();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '#',
      textBlock =
          """
          Mr. Smith went to Washington. He stayed.# Mr. Smith went to Washington. | He stayed.
          Mrs. Dalloway and Dr. Who met St. John at 3 p.m. on Monday.# Mrs. Dalloway and Dr. Who met St. John at 3 p.m. on Monday.
          The U.S. economy grew. The U.K. did not.# The U.S. economy grew. | The U.K. did not.
          Sales rose in the U.S. The rest of the world lagged.# Sales rose in the U.S. | The rest of the world lagged.
          Fruit, e.g. apples, is healthy. Eat it.# Fruit, e.g. apples, is healthy. | Eat it.
          He joined Apple Inc. last year. It paid well.# He joined Apple Inc. last year. | It paid well.
          He joined Apple Inc. The company was big.# He joined Apple Inc. | The company was big.
          Growth was 3.5 per cent. Profit fell 2.25%.# Growth was 3.5 per cent. | Profit fell 2.25%.
          Profits hit $10.9bn.For the full year it fell.# Profits hit $10.9bn. | For the full year it fell.
          It ended.The next day came.# It ended. | The next day came.
          Wait... what happened? Nobody knows.# Wait... what happened? | Nobody knows.
          He paused... Then he left.# He paused... | Then he left.
          "We won," he said. "It was hard."# "We won," he said. | "It was hard."
          She said "it is over." Then she left.# She said "it is over." | Then she left.
          The plan (see below.) It is new.# The plan (see below.) | It is new.
          Really?! Yes! Absolutely.# Really?! | Yes! | Absolutely.
          "Why?" he asked. Nobody knew.# "Why?" he asked. | Nobody knew.
          Visit https://example.com/a.b?x=1. It is free.# Visit https://example.com/a.b?x=1. | It is free.
          See www.example.org/news for more. Thanks.# See www.example.org/news for more. | Thanks.
          Write to jane.doe@example.co.uk today. We reply.# Write to jane.doe@example.co.uk today. | We reply.
          Our site example.com has it. Go there.# Our site example.com has it. | Go there.
          Version 2.0.1 shipped. J. K. Rowling wrote it.# Version 2.0.1 shipped. | J. K. Rowling wrote it.
          Node.js is fast. So is Go.# Node.js is fast. | So is Go.
          The VW ID. SPACE VIZZION is a concept. It may ship.# The VW ID. SPACE VIZZION is a concept. | It may ship.
          One sentence without a full stop# One sentence without a full stop
          """)
  void splits(String text, String expected) {
    assertThat(splitter.split(text))
        .containsExactlyElementsOf(Arrays.asList(expected.split(" \\| ")));
  }

  @org.junit.jupiter.api.Test
  void blankLinesEndSentences() {
    assertThat(splitter.split("First paragraph without stop\n\nSecond one."))
        .containsExactly("First paragraph without stop", "Second one.");
    assertThat(splitter.split("Line one.\nLine two.")).containsExactly("Line one.", "Line two.");
  }
}
