package dev.digest.bench;

import dev.digest.edition.Edition;
import dev.digest.mail.MimeMessages;
import dev.digest.render.DigestRenderer;
import dev.digest.render.RenderedDigest;
import java.nio.file.Path;
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
 * Render and MIME for a 25-item edition: one render per edition ({@link #renderEdition}, ms/op),
 * and per subscriber the personalization plus the finished SMTP bytes ({@link #personalizedMime},
 * ops/s, one thread). Run from the repository root (templates/ is read from disk).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class MimeBenchmark {

  private DigestRenderer renderer;
  private Edition edition;
  private RenderedDigest digest;
  private SampleEdition.Bodies bodies;
  private MimeMessages mime;
  private MimeMessages signed;
  private int subscriber;

  @Setup
  public void setup() {
    Path templates = Path.of(System.getProperty("digest.templates", "templates"));
    renderer = new DigestRenderer(SampleEdition.settings(templates));
    edition = SampleEdition.edition(25);
    digest = renderer.render(edition);
    bodies = SampleEdition.Bodies.of(digest);
    mime = new MimeMessages(SampleEdition.mailSettings());
    signed = new MimeMessages(SampleEdition.dkimMailSettings());
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public RenderedDigest renderEdition() {
    return renderer.render(edition);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public byte[] personalizedMime() {
    return mime.toBytes(SampleEdition.mail(bodies, ++subscriber));
  }

  /** As {@link #personalizedMime} with a DKIM signature (RSA-2048) on every message. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public byte[] personalizedMimeDkim() {
    return signed.toBytes(SampleEdition.mail(bodies, ++subscriber));
  }
}
