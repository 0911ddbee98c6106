package dev.digest.cli;

import dev.digest.config.ConfigException;
import dev.digest.mail.StreamProviderPin;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
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
    description =
        "Self-hosted newsletter digest builder: feeds in, one condensed digest out, by email.")
public final class Main {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  static {
    StreamProviderPin.apply(); // before any Jakarta Mail class makes a part
  }

  public static void main(String[] args) {
    // HttpURLConnection sends a failed POST a second time by default; a model call is paid for and
    // has its own retry rules (app.ChatHttp), so it is sent once. Read when the JDK's HTTP client
    // class is first loaded, hence set before anything else.
    System.setProperty("sun.net.http.retryPost", "false");
    // Logging configures itself when the first logger is made, on whichever thread that is, and
    // that was on the critical path of every short command (about 30 ms, HikariCP's first logger):
    // do it on another core while picocli reads the command line.
    Thread logInit = new Thread(LoggerFactory::getILoggerFactory, "log-init");
    logInit.setDaemon(true);
    logInit.start();
    // send and feeds check: their config file read and their database opened on another
    // core while picocli builds the command line (Preload).
    Preload.start(args);
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this in-process). */
  public static int run(String... args) {
    // The plainest `send` and `feeds check` lines need no picocli model (QuickLine).
    java.util.OptionalInt quick = QuickLine.run(args);
    return quick.isPresent() ? quick.getAsInt() : commandLine(args).execute(args);
  }

  /**
   * The subcommands, in the order help lists them. Picocli reads the annotations of every command
   * it is given, by reflection, before it parses anything: all of them took 0.11 s of a short
   * command's start, so a command line that names one gets only that one.
   */
  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("serve", ServeCommand::new);
    m.put("send", SendCommand::new);
    m.put("preview", PreviewCommand::new);
    m.put("draft", DraftCommand::new);
    m.put("condense", CondenseCommand::new);
    m.put("feeds", FeedsCommand::new);
    m.put("subscribers", SubscribersCommand::new);
    m.put("templates", TemplatesCommand::new);
    m.put("bounces", BouncesCommand::new);
    m.put("help", CommandLine.HelpCommand::new);
    return m;
  }

  /** The whole command line (help, suggestions for typos), or only the subcommand args name. */
  static CommandLine commandLine(String... args) {
    CommandLine cl = new CommandLine(new Main());
    String first = args.length == 0 ? "" : args[0];
    // Made here, not at class initialization: a QuickLine run loads none of picocli's commands.
    Map<String, Supplier<Object>> commands = commands();
    if (commands.containsKey(first) && !first.equals("help")) {
      cl.addSubcommand(first, commands.get(first).get());
    } else {
      commands.forEach((name, command) -> cl.addSubcommand(name, command.get()));
    }
    cl.setExecutionExceptionHandler(Main::handle);
    return cl;
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    return handle(e, cl.getErr());
  }

  /** What a command's exception prints on {@code err}, and the exit code it makes. */
  static int handle(Exception e, PrintWriter err) {
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
