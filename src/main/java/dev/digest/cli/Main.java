package dev.digest.cli;

import dev.digest.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code digest} command. Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad
 * configuration.
 */
@Command(
    name = "digest",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Self-hosted newsletter digest builder: feeds in, one condensed digest out, by email.",
    subcommands = {
      ServeCommand.class,
      SendCommand.class,
      PreviewCommand.class,
      CondenseCommand.class,
      FeedsCommand.class,
      SubscribersCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this in-process). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handle);
    return cl;
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof ConfigException) {
      err.println(e.getMessage());
      err.flush();
      return USAGE;
    }
    if (e instanceof UsageException) {
      err.println("digest: " + e.getMessage());
      err.flush();
      return USAGE;
    }
    err.println("digest: " + oneLine(e));
    if (System.getenv("DIGEST_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return FAILURE;
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Version from the jar manifest (or "dev" when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"digest " + (v == null ? "dev" : v)};
    }
  }
}
