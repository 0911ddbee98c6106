package dev.digest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class QuickLineTest {

  /** The command object picocli makes of {@code args} (parsed, not run). */
  private static Object picocli(String... args) {
    CommandLine cl = Main.commandLine(args);
    List<CommandLine> parsed = cl.parseArgs(args).asCommandLineList();
    return parsed.get(parsed.size() - 1).getCommand();
  }

  private static List<Object> send(Object o) {
    SendCommand s = (SendCommand) o;
    return List.of(s.config.file, s.to, s.dryRun, s.resume, s.forceNew);
  }

  @Test
  void setsWhatPicocliSetsForThePlainSendLines() {
    String[][] lines = {
      {"send"},
      {"send", "--config", "a.yml"},
      {"send", "-c", "b/c.yml", "--dry-run"},
      {"send", "--resume", "--config", "x.yml"},
      {"send", "--to", "ann@example.org", "--force-new", "-c", "y.yml"},
    };
    for (String[] line : lines) {
      Callable<Integer> quick = QuickLine.parse(line);
      assertThat(quick).as(String.join(" ", line)).isInstanceOf(SendCommand.class);
      assertThat(send(quick)).as(String.join(" ", line)).isEqualTo(send(picocli(line)));
    }
    assertThat(send(QuickLine.parse("send")))
        .containsExactly(Path.of("feeds.yml"), "", false, false, false);
  }

  @Test
  void setsWhatPicocliSetsForFeedsCheck() {
    for (String[] line : new String[][] {{"feeds", "check"}, {"feeds", "check", "-c", "f.yml"}}) {
      Callable<Integer> quick = QuickLine.parse(line);
      assertThat(quick).isInstanceOf(FeedsCommand.Check.class);
      assertThat(((FeedsCommand.Check) quick).config.file)
          .isEqualTo(((FeedsCommand.Check) picocli(line)).config.file);
    }
  }

  @Test
  void leavesEverythingElseToPicocli() {
    String[][] lines = {
      {"send", "--help"},
      {"send", "-h"},
      {"send", "-V"},
      {"send", "--version"},
      {"send", "--config=a.yml"},
      {"send", "-ca.yml"},
      {"send", "--dry-run", "--dry-run"},
      {"send", "-c", "a.yml", "--config", "b.yml"},
      {"send", "--to"},
      {"send", "--to", "-x"},
      {"send", "extra"},
      {"send", "--bogus"},
      {"send", "-c"},
      {"send", "--"},
      {"feeds", "show", "x.xml"},
      {"feeds"},
      {"feeds", "check", "x"},
      {"preview"},
      {"serve"},
      {"help", "send"},
      {},
    };
    for (String[] line : lines) {
      assertThat(QuickLine.parse(line)).as(String.join(" ", line)).isNull();
      assertThat(QuickLine.run(line)).as(String.join(" ", line)).isEmpty();
    }
  }

  @Test
  void aCommandsExceptionIsReportedAsPicocliReportsIt() {
    String missing = Path.of("target", "no-such-dir", "nope.yml").toString();
    java.io.PrintStream old = System.err;
    java.io.ByteArrayOutputStream quick = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream viaPicocli = new java.io.ByteArrayOutputStream();
    int quickCode;
    int picocliCode;
    try {
      System.setErr(new java.io.PrintStream(quick, true));
      quickCode = QuickLine.run("send", "--config", missing).orElseThrow();
      System.setErr(new java.io.PrintStream(viaPicocli, true));
      picocliCode =
          Main.commandLine("send", "--config", missing).execute("send", "--config", missing);
    } finally {
      System.setErr(old);
    }
    assertThat(quickCode).isEqualTo(picocliCode).isEqualTo(Main.USAGE);
    assertThat(quick.toString()).isEqualTo(viaPicocli.toString()).isNotBlank();
  }
}
