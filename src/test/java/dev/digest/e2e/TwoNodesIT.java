package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.digest.app.DigestApp;
import dev.digest.config.ConfigLoader;
import dev.digest.subscribe.SubscriberStatus;
import dev.digest.testing.LocalPostgres;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code digest serve} processes on one PostgreSQL: the schedule fires on one node only (Quartz
 * clustering), that node builds one edition, the other node's delivery worker joins in, and every
 * subscriber gets the edition exactly once, with rows claimed by both nodes.
 */
class TwoNodesIT {

  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
  static final int SUBSCRIBERS = 1000;

  @TempDir Path dir;

  @Test
  void oneFireOneEditionEveryoneOnceDeliveriesSplitAcrossNodes() throws Exception {
    LocalPostgres.assumeReachable();
    String schema =
        "n"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 16)
                .toLowerCase(Locale.ROOT);
    sql("CREATE SCHEMA " + schema);
    GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    List<Process> nodes = new ArrayList<>();
    try (FeedServer feeds = new FeedServer()) {
      Fixtures.serveThreeFeeds(feeds);
      Path config = Fixtures.config(dir, feeds, smtp.getSmtp().getPort());
      // A one-shot cron 30 s ahead (both nodes are up by then), UTC.
      ZonedDateTime fire = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30);
      String cron =
          String.format(
              "%d %d %d %d %d ? %d",
              fire.getSecond(),
              fire.getMinute(),
              fire.getHour(),
              fire.getDayOfMonth(),
              fire.getMonthValue(),
              fire.getYear());
      String yml =
          Files.readString(config)
              .replace(
                  "  title: Harbour Brief\n",
                  "  title: Harbour Brief\n  schedule: \"" + cron + "\"\n  time-zone: UTC\n")
              .replace("  pool: 2\n", "  pool: 2\n  rate-per-second: 100\n")
              .replace(
                  "  url: \"jdbc:h2:file:./data/digest\"\n",
                  "  url: \"" + SERVER + "?currentSchema=" + schema + "\"\n  username: postgres\n");
      Files.writeString(config, yml);
      try (DigestApp app = DigestApp.open(ConfigLoader.load(config))) {
        for (int i = 0; i < SUBSCRIBERS; i++) {
          app.subscribers().add("reader" + i + "@example.net", SubscriberStatus.ACTIVE);
        }
      }

      // One after the other: the first creates the trigger, the second finds it.
      Process a = serve(config, "a");
      nodes.add(a);
      awaitServing(a, "a");
      Process b = serve(config, "b");
      nodes.add(b);
      awaitServing(b, "b");

      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> smtp.getReceivedMessages().length >= SUBSCRIBERS);
      // Let anything extra (a duplicate) arrive before counting.
      Thread.sleep(3000);

      Map<String, Integer> perRecipient = new HashMap<>();
      for (MimeMessage m : smtp.getReceivedMessages()) {
        perRecipient.merge(m.getAllRecipients()[0].toString(), 1, Integer::sum);
      }
      assertThat(perRecipient).as("every subscriber").hasSize(SUBSCRIBERS);
      assertThat(perRecipient.values()).as("exactly once").containsOnly(1);

      try (Connection c =
              DriverManager.getConnection(SERVER + "?currentSchema=" + schema, "postgres", "");
          Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM edition")) {
          rs.next();
          assertThat(rs.getInt(1)).as("one fire, one edition").isEqualTo(1);
        }
        try (ResultSet rs =
            st.executeQuery("SELECT status, COUNT(*) FROM delivery GROUP BY status")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo("sent");
          assertThat(rs.getInt(2)).isEqualTo(SUBSCRIBERS);
          assertThat(rs.next()).as("no row in another state").isFalse();
        }
        Map<String, Integer> perNode = new HashMap<>();
        try (ResultSet rs =
            st.executeQuery("SELECT claimed_by, COUNT(*) FROM delivery GROUP BY claimed_by")) {
          while (rs.next()) {
            // claimed_by = "<pid>@<host>-<suffix>-w<i>": the pid names the node.
            String pid = rs.getString(1).substring(0, rs.getString(1).indexOf('@'));
            perNode.merge(pid, rs.getInt(2), Integer::sum);
          }
        }
        System.out.printf(
            "two-nodes: rows per node pid %s (a=%d, b=%d)%n", perNode, a.pid(), b.pid());
        Set<String> pids = new HashSet<>(perNode.keySet());
        assertThat(pids)
            .as("both nodes delivered")
            .containsExactlyInAnyOrder(Long.toString(a.pid()), Long.toString(b.pid()));
      }
      String logA = Files.readString(dir.resolve("node-a.log"));
      String logB = Files.readString(dir.resolve("node-b.log"));
      int fired =
          (logA.contains("scheduled run fired") ? 1 : 0)
              + (logB.contains("scheduled run fired") ? 1 : 0);
      assertThat(fired)
          .as("the schedule fired on one node only\nA:\n" + logA + "\nB:\n" + logB)
          .isEqualTo(1);
    } finally {
      for (Process p : nodes) {
        p.destroy();
      }
      for (Process p : nodes) {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      smtp.stop();
      sql("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private Process serve(Path config, String name) throws Exception {
    List<String> cmd =
        List.of(
            ServeIT.javaBin(),
            "-jar",
            Path.of(System.getProperty("digest.jar", "target/digest.jar")).toString(),
            "serve",
            "--config",
            config.toString(),
            "--port",
            Integer.toString(Fixtures.freePort()),
            "--smtp-port",
            "0",
            "--delivery-poll-seconds",
            "2");
    Path log = dir.resolve("node-" + name + ".log");
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private void awaitServing(Process p, String name) {
    Path log = dir.resolve("node-" + name + ".log");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              assertThat(p.isAlive())
                  .as(Files.exists(log) ? Files.readString(log) : "no log")
                  .isTrue();
              return Files.exists(log) && Files.readString(log).contains("digest: serving");
            });
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
        Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }
}
