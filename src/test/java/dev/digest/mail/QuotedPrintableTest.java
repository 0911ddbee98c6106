package dev.digest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuotedPrintableTest {

  private static byte[] full(byte[] in) {
    ByteSink out = new ByteSink(16);
    QuotedPrintable.encode(in, out);
    return out.toByteArray();
  }

  private static String randomText(Random r, int lines) {
    String[] words = {"alpha", "beta", "=", ".", "From", "ümlaut", "📰", "\t", " ", "x".repeat(90),
        "https://example.org/unsubscribe?t=abc"};
    StringBuilder sb = new StringBuilder();
    for (int l = 0; l < lines; l++) {
      int n = r.nextInt(12);
      for (int w = 0; w < n; w++) {
        sb.append(words[r.nextInt(words.length)]);
        if (r.nextBoolean()) {
          sb.append(' ');
        }
      }
      sb.append(r.nextInt(10) == 0 ? "\r\n" : "\n");
    }
    if (r.nextBoolean()) {
      sb.append("last line without break ");
    }
    return sb.toString();
  }

  /** Incremental encoding must give exactly the bytes of a full encoding, whatever changed. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void incrementalEqualsFullEncoding(long seed) {
    Random r = new Random(seed);
    QuotedPrintable.Incremental inc = new QuotedPrintable.Incremental();
    String base = randomText(r, 60);
    assertThat(inc.encode(base.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(full(base.getBytes(StandardCharsets.UTF_8)));
    for (int round = 0; round < 200; round++) {
      String variant;
      int at = r.nextInt(base.length() + 1);
      switch (r.nextInt(5)) {
        case 0 -> variant = base.replace("t=abc", "t=" + Long.toHexString(r.nextLong()));
        case 1 -> variant = base.substring(0, at) + "INSERTED" + (r.nextBoolean() ? "\n" : "") + base.substring(at);
        case 2 -> variant = base.substring(0, at) + base.substring(Math.min(base.length(), at + r.nextInt(30)));
        case 3 -> variant = base.substring(0, at) + " \t" + base.substring(at);
        default -> variant = randomText(r, 1 + r.nextInt(70));
      }
      byte[] in = variant.getBytes(StandardCharsets.UTF_8);
      assertThat(inc.encode(in)).as("round %d", round).isEqualTo(full(in));
    }
  }
}
