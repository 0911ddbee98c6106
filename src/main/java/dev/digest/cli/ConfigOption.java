package dev.digest.cli;

import dev.digest.config.ConfigException;
import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command takes. */
final class ConfigOption {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Configuration file (default: ${DEFAULT-VALUE}). Relative paths in it resolve against its folder.",
      defaultValue = "feeds.yml")
  Path file;

  DigestConfig load() throws ConfigException {
    return ConfigLoader.load(file);
  }
}
