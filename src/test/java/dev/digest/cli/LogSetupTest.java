package dev.digest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class LogSetupTest {

  @Test
  void logsToStandardErrorAtTheLevelAskedForWithQuietLibraries() {
    LoggerContext context = new LoggerContext();
    LogSetup.apply(context, "debug");
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(context.getLogger("com.zaxxer.hikari.pool").getEffectiveLevel())
        .isEqualTo(Level.WARN);
    assertThat(context.getLogger("dev.digest.feed.FeedReader").getEffectiveLevel())
        .isEqualTo(Level.DEBUG);
    ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
    assertThat(stderr.getTarget()).isEqualTo("System.err");
    assertThat(stderr.isStarted()).isTrue();
    assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern())
        .isEqualTo("%d{HH:mm:ss.SSS} %-5level %logger{0} %msg%n");
  }

  @Test
  void unsetOrUnknownLevelIsInfo() {
    assertThat(LogSetup.level(null)).isEqualTo(Level.INFO);
    assertThat(LogSetup.level(" ")).isEqualTo(Level.INFO);
    assertThat(LogSetup.level("loud")).isEqualTo(Level.INFO);
    assertThat(LogSetup.level("WARN")).isEqualTo(Level.WARN);
  }
}
