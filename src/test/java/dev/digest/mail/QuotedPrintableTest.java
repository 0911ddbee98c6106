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
    String[] words = {
      "alpha",
      "beta",
      "=",
      ".",
      "From",
      "ümlaut",
      "📰",
      "\t",
      " ",
      "x".repeat(90),
      "https://example.org/unsubscribe?t=abc"
    };
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

  private static byte[] viaTemplate(BodyTemplate t, String value) {
    BodyTemplate.Encoded e = t.encode(value);
    byte[] out = new byte[e.length()];
    assertThat(e.copyTo(out, 0)).isEqualTo(out.length);
    return out;
  }

  /**
   * A template's encoding (shared lines encoded once, placeholder lines per value) gives exactly
   * the bytes of encoding the filled body in full, wherever the placeholder sits: several on a
   * line, at a line start or end, next to white space that must be encoded, or not at all.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void templateEqualsFullEncoding(long seed) {
    Random r = new Random(seed);
    String mark = "https://unsubscribe.digest.invalid/";
    String[] values = {
      "https://example.org/u?t=" + "x".repeat(120),
      "",
      " ",
      "a=b&c",
      "ünï 📰 .",
      "https://example.org/unsubscribe?t=abc\nFrom here"
    };
    for (int round = 0; round < 60; round++) {
      String body = randomText(r, 1 + r.nextInt(40));
      int marks = r.nextInt(4);
      for (int m = 0; m < marks; m++) {
        int at = r.nextInt(body.length() + 1);
        if (at < body.length() && Character.isLowSurrogate(body.charAt(at))) {
          at--; // between code points, as a template places it
        }
        body = body.substring(0, at) + mark + body.substring(at);
      }
      BodyTemplate t = BodyTemplate.of(body, mark);
      for (String value : values) {
        String filled = t.fill(value);
        assertThat(filled).isEqualTo(body.replace(mark, value));
        byte[] in = filled.getBytes(StandardCharsets.UTF_8);
        assertThat(viaTemplate(t, value)).as("round %d value %s", round, value).isEqualTo(full(in));
        assertThat(t.endsWithNewline(value)).isEqualTo(filled.endsWith("\n"));
      }
    }
  }

  @ParameterizedTest(name = "body {index}")
  @ValueSource(strings = {"", "\n", "no line break", "one\ntwo\n", ".dot\r\nFrom x\n"})
  void templateWithoutPlaceholderIsTheFullEncoding(String body) {
    byte[] in = body.getBytes(StandardCharsets.UTF_8);
    assertThat(viaTemplate(BodyTemplate.of(body), "ignored")).isEqualTo(full(in));
    assertThat(viaTemplate(BodyTemplate.of(body, "{x}"), "v")).isEqualTo(full(in));
  }
}
