package dev.digest.cli;

import dev.digest.app.DigestApp;
import dev.digest.bounce.FeedbackParser;
import dev.digest.feedback.FeedbackSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code digest bounces process FILE.eml... | -}: returned mail (delivery status notifications,
 * feedback-loop complaints, mails to the unsubscribe address) read and applied, one message per
 * file or one on standard input as an MTA's pipe transport hands it over.
 */
@Command(
    name = "bounces",
    mixinStandardHelpOptions = true,
    description = "Returned mail: bounces, complaints and mailto unsubscribes.",
    subcommands = {BouncesCommand.Process.class})
final class BouncesCommand {

  @Command(
      name = "process",
      mixinStandardHelpOptions = true,
      description = {
        "Read returned messages and apply what they say (one message per file; - reads one from"
            + " standard input, as a Postfix pipe transport delivers it).",
        "Prints one line per message. Exit 0 when every message was read, whatever it said"
            + " (a forged token or a message digest never sent is a line, not an error);"
            + " 1 when a file could not be read."
      })
  static final class Process implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Parameters(
        paramLabel = "FILE",
        arity = "1..*",
        description = "Message files (.eml), or - for standard input.")
    List<String> files;

    /**
     * Messages applied per commit. A commit writes H2's file (about half the cost of a message
     * otherwise); a run killed mid-batch loses only uncommitted effects, and those are applied
     * again when the same files are processed again (each event is stored once).
     */
    static final int BATCH = 500;

    @Override
    public Integer call() throws Exception {
      PrintStream out = System.out;
      int unreadable = 0;
      try (DigestApp app = DigestApp.open(config.load())) {
        FeedbackSink sink = app.feedbackSink();
        for (int from = 0; from < files.size(); from += BATCH) {
          List<String> chunk = files.subList(from, Math.min(files.size(), from + BATCH));
          List<String> lines = new ArrayList<>(chunk.size());
          int[] bad = {0};
          app.database()
              .oneCommit(
                  () -> {
                    for (String name : chunk) {
                      lines.add(process(sink, name, bad));
                    }
                    return null;
                  });
          // Printed once committed: a line on standard output means its effect is stored.
          lines.forEach(
              l -> {
                if (l != null) {
                  out.println(l);
                }
              });
          unreadable += bad[0];
        }
      }
      out.flush();
      return unreadable == 0 ? Main.OK : Main.FAILURE;
    }

    /** One message's line, or null (with the reason on standard error) when it cannot be read. */
    private static String process(FeedbackSink sink, String name, int[] unreadable) {
      byte[] raw;
      try {
        raw = name.equals("-") ? readAll(System.in) : read(Path.of(name));
      } catch (IOException | RuntimeException e) {
        System.err.printf("digest: %s: cannot be read: %s%n", name, e.getMessage());
        unreadable[0]++;
        return null;
      }
      FeedbackSink.Outcome o = sink.acceptMessage(raw, name.equals("-") ? "stdin" : "file");
      return (name.equals("-") ? "stdin" : name) + ": " + o.summary();
    }

    // At most one byte past the parser's limit: a huge file is refused by the parser, unread.
    private static byte[] read(Path file) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        return read(in);
      }
    }

    private static byte[] read(InputStream in) throws IOException {
      return in.readNBytes(FeedbackParser.MAX_BYTES + 1);
    }

    // From a pipe the rest is read and dropped: an MTA whose write fails would retry the message.
    private static byte[] readAll(InputStream in) throws IOException {
      byte[] head = read(in);
      if (head.length > FeedbackParser.MAX_BYTES) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return head;
    }
  }
}
