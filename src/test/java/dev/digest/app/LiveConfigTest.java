package dev.digest.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live configuration: a reload swaps it and reports; a failed one reports and keeps it. */
class LiveConfigTest {

  @TempDir Path dir;

  private DigestConfig load(String name, String feedUrl) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(
        f,
        "digest:\n  templates: "
            + Path.of("templates").toAbsolutePath()
            + "\nmail:\n  smtp: { host: 127.0.0.1, port: 9, security: none }\nfeeds:\n  - url: "
            + feedUrl
            + "\n");
    return ConfigLoader.load(f);
  }

  @Test
  void aReloadSwapsTheConfigurationAndAFailedOneKeepsIt() throws Exception {
    DigestConfig opened = load("a.yml", "http://127.0.0.1:9/a.xml");
    LiveConfig live = new LiveConfig(opened);
    assertThat(live.get()).isSameAs(opened);
    assertThat(live.report()).isEmpty();

    DigestConfig next = load("b.yml", "http://127.0.0.1:9/b.xml");
    ConfigReport applied =
        new ConfigReport(
            Instant.parse("2026-03-03T12:00:00Z"), Optional.empty(), List.of("feeds"), List.of());
    live.reloaded(next, applied);
    assertThat(live.get()).isSameAs(next);
    assertThat(live.report()).contains(applied);

    ConfigReport failed =
        ConfigReport.failed(Instant.parse("2026-03-03T12:01:00Z"), "feeds.yml:1: broken");
    live.reloadFailed(failed);
    assertThat(live.get()).as("kept").isSameAs(next);
    assertThat(live.report()).contains(failed);
  }
}
