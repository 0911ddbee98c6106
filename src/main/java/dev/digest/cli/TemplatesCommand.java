package dev.digest.cli;

import dev.digest.render.TemplateRenderer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code digest templates export DIR}: the built-in templates, written out to start from. */
@Command(
    name = "templates",
    mixinStandardHelpOptions = true,
    description =
        "The built-in templates (they ship inside digest; a templates/ folder overrides them file by file).",
    subcommands = {TemplatesCommand.Export.class})
final class TemplatesCommand {

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write the built-in templates into DIR (as templates/ beside feeds.yml expects them).")
  static final class Export implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "Folder to write into (created if absent).")
    Path dir;

    @Option(names = "--force", description = "Overwrite files that exist already.")
    boolean force;

    @Override
    public Integer call() throws Exception {
      PrintStream out = System.out;
      List<String> names = TemplateRenderer.builtInNames();
      List<Path> existing = new ArrayList<>();
      for (String name : names) {
        Path target = dir.resolve(name);
        if (Files.exists(target)) {
          existing.add(target);
        }
      }
      // All or nothing: a half-exported folder would mix edited and default files silently.
      if (!existing.isEmpty() && !force) {
        System.err.printf(
            "digest: %d of the %d files exist already in %s (first: %s); nothing written."
                + " --force overwrites them%n",
            existing.size(), names.size(), dir, existing.get(0));
        return Main.FAILURE;
      }
      for (String name : names) {
        Path target = dir.resolve(name);
        Files.createDirectories(target.getParent());
        Files.write(target, TemplateRenderer.builtInBytes(name).orElseThrow());
        out.println("wrote " + target);
      }
      out.printf(
          "%d templates written to %s%s; point digest.templates at it (or keep it as templates/"
              + " beside feeds.yml) and edit what you want: files you delete fall back to the"
              + " built-in ones%n",
          names.size(), dir, existing.isEmpty() ? "" : " (" + existing.size() + " overwritten)");
      return Main.OK;
    }
  }
}
