package dev.digest.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;

/**
 * The logging set-up, in code: one line per event on standard error (standard output belongs to the
 * CLI's results), {@code DIGEST_LOG_LEVEL} (default INFO) for digest, WARN for the chatty
 * libraries. Logback finds it through {@code META-INF/services}; reading the same set-up from a
 * logback.xml cost about 0.15 s of CPU at every start (the XML configurator's classes), which is a
 * tenth of a short command.
 *
 * <p>A configuration file still wins: {@code -Dlogback.configurationFile=...}, or a
 * logback-test.xml on the class path (the tests').
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} %msg%n";
  static final List<String> QUIET =
      List.of(
          "com.zaxxer.hikari",
          "org.flywaydb",
          "org.quartz",
          "com.icegreen.greenmail",
          "org.eclipse.jetty",
          "io.javalin",
          "org.thymeleaf",
          "com.rometools");

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context, System.getenv("DIGEST_LOG_LEVEL"));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  static void apply(LoggerContext context, String levelName) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level(levelName));
    root.addAppender(stderr);
    for (String name : QUIET) {
      context.getLogger(name).setLevel(Level.WARN);
    }
  }

  /** The root level from {@code DIGEST_LOG_LEVEL}: INFO when unset or not a level name. */
  static Level level(String name) {
    return name == null || name.isBlank() ? Level.INFO : Level.toLevel(name.trim(), Level.INFO);
  }
}
