package dev.digest.cli;

import dev.digest.app.DigestApp;
import dev.digest.app.DigestRun;
import dev.digest.app.DigestRun.PreviewFiles;
import java.awt.Desktop;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code digest preview}: build the next edition without sending it. */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    description =
        "Build the next edition without sending anything: digest.html, digest.txt, digest.eml.")
final class PreviewCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Folder to write to (default: ${DEFAULT-VALUE}).",
      defaultValue = "preview")
  Path out;

  @Option(names = "--open", description = "Open digest.html in the desktop browser afterwards.")
  boolean open;

  @Option(
      names = "--cadence",
      paramLabel = "C",
      description =
          "Build this cadence's next edition (digest.cadences; default: the default cadence).")
  String cadence = "";

  @Override
  public Integer call() throws Exception {
    try (DigestApp app = DigestApp.open(config.load())) {
      PreviewFiles files;
      try {
        files = app.run().writePreview(out, cadence);
      } catch (DigestRun.UnknownCadenceException e) {
        throw new UsageException(e.getMessage());
      }
      int items = files.draft().edition().items().size();
      List<DigestRun.FailedFeed> failed = files.draft().failedFeeds();
      // Above the edition: an empty preview must say why when feeds could not be read.
      if (!failed.isEmpty()) {
        System.out.printf(
            "%d of %d feeds could not be read:%n", failed.size(), files.draft().feeds().size());
        for (DigestRun.FailedFeed f : failed) {
          System.out.printf("  %s: %s%n", f.url(), f.error());
        }
      }
      System.out.printf(
          "edition #%d with %d articles: %s, %s, %s%n",
          files.draft().edition().number(), items, files.html(), files.text(), files.eml());
      if (items == 0) {
        System.out.println(
            failed.isEmpty()
                ? "(nothing new in the feeds: the preview is empty)"
                : failed.size() == files.draft().feeds().size()
                    ? "(no feed could be read: the preview is empty; see above)"
                    : "(nothing new in the feeds that could be read: the preview is empty)");
      }
      if (open) {
        if (Desktop.isDesktopSupported()
            && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
          Desktop.getDesktop().browse(files.html().toUri());
        } else {
          System.err.println("digest: no desktop browser here; open " + files.html() + " yourself");
        }
      }
      return Main.OK;
    }
  }
}
