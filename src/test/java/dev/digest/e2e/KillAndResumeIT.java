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
 * skipped, and the only duplicates are messages in flight at the kill (at most the pool size),
 * each carrying the same Message-ID as its first copy.
 */
class KillAndResumeIT {

  static final int SUBSCRIBERS = 400;
  static final int POOL = 2;

  @TempDir Path dir;

  @Test
  void killedSendResumesWithoutSkippingAnyoneAndWithoutNewDuplicates() throws Exception {
    GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    try (FeedServer feeds = new FeedServer()) {
      Fixtures.serveThreeFeeds(feeds);
      Path config = Fixtures.config(dir, feeds, smtp.getSmtp().getPort());
      // Slow the send down so the kill lands in the middle: 100 messages per second.
      Files.writeString(config, Files.readString(config).replace("  pool: 2\n", "  pool: " + POOL + "\n  rate-per-second: 100\n"));
      try (DigestApp app = DigestApp.open(ConfigLoader.load(config))) {
        for (int i = 0; i < SUBSCRIBERS; i++) {
          app.subscribers().add("reader" + i + "@example.net", SubscriberStatus.ACTIVE);
        }
      }

      Process first = digest(config, "send");
      await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length >= SUBSCRIBERS / 4);
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
      assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
      int beforeResume = smtp.getReceivedMessages().length;
      assertThat(beforeResume).as("killed mid-send").isLessThan(SUBSCRIBERS);

      Process resume = digest(config, "send", "--resume");
      assertThat(resume.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String out = Files.readString(log(resume));
      assertThat(resume.exitValue()).as(out).isZero();

      MimeMessage[] all = smtp.getReceivedMessages();
      Map<String, List<String>> idsByRecipient = new HashMap<>();
      for (MimeMessage m : all) {
        idsByRecipient
            .computeIfAbsent(m.getAllRecipients()[0].toString(), k -> new java.util.ArrayList<>())
            .add(m.getMessageID());
      }
      assertThat(idsByRecipient).as("nobody skipped").hasSize(SUBSCRIBERS);
      int duplicates = all.length - SUBSCRIBERS;
      System.out.printf("kill-and-resume: %d received before the kill, %d after the resume, %d duplicates%n", beforeResume, all.length, duplicates);
      assertThat(duplicates).as("only messages in flight at the kill").isBetween(0, POOL);
      idsByRecipient.values().stream()
          .filter(ids -> ids.size() > 1)
          .forEach(ids -> assertThat(ids).as("a resent message keeps its Message-ID").containsOnly(ids.get(0)));

      // Nothing left: a second resume sends nothing.
      Process again = digest(config, "send", "--resume");
      assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(smtp.getReceivedMessages()).hasSize(all.length);
    } finally {
      smtp.stop();
    }
  }

  private Process digest(Path config, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(ServeIT.javaBin(), "-jar", Path.of(System.getProperty("digest.jar", "target/digest.jar")).toString()));
    cmd.addAll(List.of(args));
    cmd.add("--config");
    cmd.add(config.toString());
    Path log = dir.resolve("child-" + (++children) + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    logs.put(p, log);
    return p;
  }

  private int children;
  private final Map<Process, Path> logs = new HashMap<>();

  private Path log(Process p) {
    return logs.get(p);
  }
}
