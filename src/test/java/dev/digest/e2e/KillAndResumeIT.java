package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.digest.app.DigestApp;
import dev.digest.config.ConfigLoader;
import dev.digest.subscribe.SubscriberStatus;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery guarantee across a crash: a child JVM running {@code digest send} is killed with
 * SIGKILL mid-send; {@code digest send --resume} in a new process completes the edition. Nobody is
 * skipped, and the only duplicates are messages in flight at the kill (at most the pool size), each
 * carrying the same Message-ID as its first copy. The same holds for a draft killed while {@code
 * digest draft approve} sends it.
 */
class KillAndResumeIT {

  static final int SUBSCRIBERS = 400;
  static final int POOL = 2;
  static final String EDITOR = "editor@example.org";

  @TempDir Path dir;

  @Test
  void killedSendResumesWithoutSkippingAnyoneAndWithoutNewDuplicates() throws Exception {
    killMidSendThenResume(false);
  }

  /**
   * digest.approval: required. The draft is built (the editor alone is told), then the process
   * running {@code digest draft approve} is killed mid-send: the approval stands, and {@code digest
   * send --resume} completes it with the same guarantee.
   */
  @Test
  void killedApprovalResumesWithoutSkippingAnyoneAndWithoutNewDuplicates() throws Exception {
    killMidSendThenResume(true);
  }

  private void killMidSendThenResume(boolean approval) throws Exception {
    GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    try (FeedServer feeds = new FeedServer()) {
      Fixtures.serveThreeFeeds(feeds);
      Path config = Fixtures.config(dir, feeds, smtp.getSmtp().getPort());
      // Slow the send down so the kill lands in the middle: 100 messages per second.
      String yml =
          Files.readString(config)
              .replace("  pool: 2\n", "  pool: " + POOL + "\n  rate-per-second: 100\n");
      if (approval) {
        yml =
            yml.replaceFirst(
                "(?m)^digest:\\n", "digest:\n  approval: required\n  editors: [" + EDITOR + "]\n");
      }
      Files.writeString(config, yml);
      try (DigestApp app = DigestApp.open(ConfigLoader.load(config))) {
        for (int i = 0; i < SUBSCRIBERS; i++) {
          app.subscribers().add("reader" + i + "@example.net", SubscriberStatus.ACTIVE);
        }
      }
      int editors = 0;
      Process first;
      if (approval) {
        Process build = digest(config, "send");
        assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(build.exitValue()).as(Files.readString(log(build))).isZero();
        assertThat(smtp.getReceivedMessages())
            .as("only the editor is told of the draft")
            .hasSize(1);
        editors = 1;
        first = digest(config, "draft", "approve");
      } else {
        first = digest(config, "send");
      }
      int base = editors;
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> smtp.getReceivedMessages().length - base >= SUBSCRIBERS / 4);
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
      assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
      int beforeResume = smtp.getReceivedMessages().length - editors;
      assertThat(beforeResume).as("killed mid-send").isLessThan(SUBSCRIBERS);

      Process resume = digest(config, "send", "--resume");
      assertThat(resume.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String out = Files.readString(log(resume));
      assertThat(resume.exitValue()).as(out).isZero();

      MimeMessage[] all = smtp.getReceivedMessages();
      Map<String, List<String>> idsByRecipient = new HashMap<>();
      for (MimeMessage m : all) {
        String to = m.getAllRecipients()[0].toString();
        if (!to.equals(EDITOR)) {
          idsByRecipient
              .computeIfAbsent(to, k -> new java.util.ArrayList<>())
              .add(m.getMessageID());
        }
      }
      assertThat(idsByRecipient).as("nobody skipped").hasSize(SUBSCRIBERS);
      int duplicates = all.length - editors - SUBSCRIBERS;
      System.out.printf(
          "kill-and-resume%s: %d received before the kill, %d after the resume, %d duplicates%n",
          approval ? " (approved draft)" : "", beforeResume, all.length - editors, duplicates);
      assertThat(duplicates).as("only messages in flight at the kill").isBetween(0, POOL);
      idsByRecipient.values().stream()
          .filter(ids -> ids.size() > 1)
          .forEach(
              ids ->
                  assertThat(ids)
                      .as("a resent message keeps its Message-ID")
                      .containsOnly(ids.get(0)));

      // Nothing left: a second resume sends nothing, and the draft cannot be approved again.
      Process again = digest(config, "send", "--resume");
      assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
      if (approval) {
        Process twice = digest(config, "draft", "approve");
        assertThat(twice.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(twice.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log(twice))).contains("there is no draft: edition #1 was sent");
      }
      assertThat(smtp.getReceivedMessages()).hasSize(all.length);
    } finally {
      smtp.stop();
    }
  }

  private Process digest(Path config, String... args) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                ServeIT.javaBin(),
                "-jar",
                Path.of(System.getProperty("digest.jar", "target/digest.jar")).toString()));
    cmd.addAll(List.of(args));
    cmd.add("--config");
    cmd.add(config.toString());
    Path log = dir.resolve("child-" + (++children) + ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    logs.put(p, log);
    return p;
  }

  private int children;
  private final Map<Process, Path> logs = new HashMap<>();

  private Path log(Process p) {
    return logs.get(p);
  }
}
