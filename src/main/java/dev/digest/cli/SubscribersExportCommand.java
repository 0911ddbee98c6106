package dev.digest.cli;

import dev.digest.app.DigestApp;
import dev.digest.subscribe.SubscriberImport;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code digest subscribers export}: every subscriber as CSV on standard output. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Write every subscriber as CSV ("
            + SubscriberImport.EXPORT_HEADER
            + ") to standard output.")
final class SubscribersExportCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    try (DigestApp app = DigestApp.open(config.load())) {
      Writer out =
          new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
      SubscriberImport.export(app.subscribers().list(Optional.empty()), out);
      out.flush();
      return Main.OK;
    }
  }
}
