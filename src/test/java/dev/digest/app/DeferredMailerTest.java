package dev.digest.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.digest.config.ConfigLoader;
import dev.digest.mail.OutgoingMail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no SMTP host configured, a preview starts no embedded SMTP server (it sends nothing), and
 * the first real send still goes to the dev outbox.
 */
class DeferredMailerTest {

  @TempDir Path dir;

  @Test
  void aPreviewStartsNoDevSmtpAndTheFirstSendStartsIt() throws Exception {
    Path f = dir.resolve("feeds.yml");
    Files.writeString(
        f,
        "digest:\n  data-dir: "
            + dir.resolve("data")
            + "\n"
            + "feeds:\n  - url: http://127.0.0.1:9/feed.xml\n");
    try (DigestApp app = DigestApp.open(ConfigLoader.load(f), Clock.systemUTC(), 0)) {
      DigestRun.PreviewFiles files = app.run().writePreview(dir.resolve("preview"));

      assertThat(files.eml()).exists();
      assertThat(app.devSmtpStarted()).as("preview started the dev SMTP server").isFalse();

      app.mailer()
          .send(
              new OutgoingMail(
                  "The Brief <brief@example.org>",
                  "reader@example.net",
                  "hello",
                  "text",
                  "<p>html</p>",
                  "m1@example.org",
                  Instant.now(),
                  Map.of()));

      assertThat(app.devSmtpStarted()).isTrue();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> app.devOutbox().orElseThrow().list().size() == 1);
    }
  }
}
