package dev.digest.cli;

import dev.digest.app.DigestApp;
import dev.digest.app.DigestRun.PreviewFiles;
import java.awt.Desktop;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code digest preview}: build the next edition without sending it. */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    description = "Build the next edition without sending anything: digest.html, digest.txt, digest.eml.")
final class PreviewCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(names = "--out", paramLabel = "DIR", description = "Folder to write to (default: ${DEFAULT-VALUE}).", defaultValue = "preview")
  Path out;

  @Option(names = "--open", description = "Open digest.html in the desktop browser afterwards.")
  boolean open;

  @Override
  public Integer call() throws Exception {
    try (DigestApp app = DigestApp.open(config.load())) {
      PreviewFiles files = app.run().writePreview(out);
      int items = files.draft().edition().items().size();
      System.out.printf(
          "edition #%d with %d articles: %s, %s, %s%n",
          files.draft().edition().number(), items, files.html(), files.text(), files.eml());
      if (items == 0) {
        System.out.println("(nothing new in the feeds: the preview is empty)");
      }
      if (open) {
        if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
          Desktop.getDesktop().browse(files.html().toUri());
        } else {
          System.err.println("digest: no desktop browser here; open " + files.html() + " yourself");
        }
      }
      return Main.OK;
    }
  }
}
