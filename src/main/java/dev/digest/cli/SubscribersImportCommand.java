package dev.digest.cli;

import dev.digest.app.DigestApp;
import dev.digest.subscribe.CsvReader;
import dev.digest.subscribe.SubscriberImport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code digest subscribers import FILE.csv [--active]}: every bad row is reported with its line;
 * the rest is imported. Exit code 0 when every row was good, 1 when some were not.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import subscribers from a CSV file (UTF-8) with a header row naming an 'email' column;"
          + " other columns are ignored. Re-importing a file adds nothing.",
      "Without --active every new address is 'pending' and gets a confirmation mail."
    })
final class SubscribersImportCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Parameters(paramLabel = "FILE.csv")
  Path file;

  @Option(
      names = "--active",
      description =
          "Import as 'active' without a confirmation mail: you assert every address consented.")
  boolean active;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new UsageException("no such file: " + file);
    }
    try (DigestApp app = DigestApp.open(config.load());
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(
                    Files.newInputStream(file),
                    StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)),
                1 << 16)) {
      SubscriberImport.Report report;
      try {
        report =
            new SubscriberImport(
                    app.subscribers(),
                    app.subscriptions(),
                    new java.util.HashSet<>(app.config().digest().cadenceNames()),
                    app.config().topics(),
                    app.config().readerFeeds().keySet())
                .importCsv(in, active);
      } catch (CsvReader.CsvException e) {
        throw new UsageException(file + ": " + e.getMessage());
      } catch (CharacterCodingException e) {
        throw new UsageException(file + ": not UTF-8 text (save the file as CSV UTF-8)");
      } catch (NoSuchFileException e) {
        throw new UsageException("no such file: " + file);
      }
      for (SubscriberImport.BadRow bad : report.bad()) {
        System.err.println(file + ":" + bad.line() + ": " + bad.reason());
      }
      System.out.printf(
          "%d rows: %d added as %s, %d already known, %d bad%s%n",
          report.rows(),
          report.added(),
          active ? "active" : "pending",
          report.existing(),
          report.bad().size(),
          active ? "" : ", " + report.confirmationsSent() + " confirmation mails sent");
      return report.bad().isEmpty() ? Main.OK : Main.FAILURE;
    }
  }
}
