package dev.digest.bench;

import dev.digest.condense.Condenser;
import dev.digest.condense.ContentType;
import dev.digest.condense.Summary;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Articles of about 1,000 words condensed per second on one thread: extractive (no author
 * sections, the expensive path) and sections (the author's Quick Summary and Key Takeaways), as
 * HTML and as plain text. Run with {@code -prof gc} for allocation per article.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class CondenseBenchmark {

  private static final String[] WORDS = (
      "the council port union strike ships harbour workers pay offer inflation talks week "
      + "government minister economy growth prices energy company shares market investors "
      + "report figures quarter year city residents plan budget school hospital project "
      + "said would could after before while since during about against between through "
      + "new old large small early late public private local national regional european "
      + "rose fell agreed rejected announced warned expected delayed approved cost").split(" ");

  private final Condenser condenser = new Condenser();
  private String extractiveHtml;
  private String sectionsHtml;
  private String extractiveText;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    StringBuilder html = new StringBuilder("<article><h1>Port strike enters second week</h1>");
    StringBuilder text = new StringBuilder();
    int words = 0;
    while (words < 1000) {
      html.append("<p>");
      for (int s = 0; s < 3 && words < 1000; s++) {
        String sentence = sentence(random);
        words += sentence.split(" ").length;
        html.append(sentence).append(' ');
        text.append(sentence).append(' ');
      }
      html.append("</p>\n");
      text.append("\n\n");
    }
    html.append("</article>");
    extractiveHtml = html.toString();
    extractiveText = text.toString();
    sectionsHtml = extractiveHtml.replace("<article>",
        "<article><h2>Quick Summary</h2><ul><li>" + sentence(random) + "</li><li>"
            + sentence(random) + "</li></ul><h2>Key Takeaways</h2><ul><li>" + sentence(random)
            + "</li><li>" + sentence(random) + "</li><li>" + sentence(random) + "</li></ul>");
  }

  private static String sentence(Random random) {
    int n = 12 + random.nextInt(18);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String w = WORDS[random.nextInt(WORDS.length)];
      b.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
      b.append(i == n - 1 ? "." : " ");
    }
    return b.toString();
  }

  @Benchmark
  public Summary extractiveHtml() {
    return condenser.condense("Port strike enters second week", extractiveHtml, ContentType.HTML);
  }

  @Benchmark
  public Summary extractiveText() {
    return condenser.condense("Port strike enters second week", extractiveText, ContentType.TEXT);
  }

  @Benchmark
  public Summary sectionsHtml() {
    return condenser.condense("Port strike enters second week", sectionsHtml, ContentType.HTML);
  }
}
