package dev.digest.condense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RougeTest {

  @Test
  void knownValues() {
    var ref = Rouge.tokens("The cat sat on the mat.");
    var cand = Rouge.tokens("The cat lay on the mat");
    // unigrams: 5 of 6 match both ways
    assertThat(Rouge.rougeN(cand, ref, 1)).isCloseTo(5.0 / 6, within(1e-9));
    // bigrams: "the cat", "on the", "the mat" = 3 of 5
    assertThat(Rouge.rougeN(cand, ref, 2)).isCloseTo(3.0 / 5, within(1e-9));
    // LCS: the cat on the mat = 5
    assertThat(Rouge.rougeL(cand, ref)).isCloseTo(5.0 / 6, within(1e-9));
    assertThat(Rouge.rougeN(Rouge.tokens("x y"), ref, 1)).isZero();
    assertThat(Rouge.tokens("$10.9bn.For the")).containsExactly("10", "9bn", "for", "the");
  }
}
