package dev.digest.render;

import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the fixed edition to target/preview/ for eyeballing (test scope, not a test). */
public final class PreviewMain {
  public static void main(String[] args) throws Exception {
    RenderedDigest r = new DigestRenderer(Fixtures.settings()).render(Fixtures.fixed());
    Path out = Path.of(args.length > 0 ? args[0] : "target/preview");
    Files.createDirectories(out);
    Files.writeString(out.resolve("digest.html"), r.html());
    Files.writeString(out.resolve("digest.txt"), r.text());
    Files.writeString(out.resolve("subject.txt"), r.subject() + "\n" + r.preheader() + "\n");
  }
}
