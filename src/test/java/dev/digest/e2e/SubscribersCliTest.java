package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code digest subscribers import|export|list} through the real command line, real SMTP. */
class SubscribersCliTest {

  @TempDir Path dir;
  GreenMail smtp;
  FeedServer feeds;
  Path config;

  @BeforeEach
  void start() throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    feeds = new FeedServer();
    config = Fixtures.config(dir, feeds, smtp.getSmtp().getPort());
  }

  @AfterEach
  void stop() {
    feeds.close();
    smtp.stop();
  }

  @Test
  void importReportsBadRowsByLineThenExportAndListShowTheRest() throws Exception {
    Path csv = dir.resolve("list.csv");
    Files.write(
        csv,
        ("\uFEFFname,email\r\n"
                + "\"Joiner, Ada\",ada@example.org\r\n"
                + "Bob,bob@example\r\n"
                + "\r\n"
                + "Carol,carol@example.org\r\n"
                + "Ada again,ADA@example.org\r\n")
            .getBytes(StandardCharsets.UTF_8));

    Cli.Result imported = Cli.run("subscribers", "import", csv.toString(), "--config", config.toString());
    assertThat(imported.code()).isEqualTo(1); // one bad row
    assertThat(imported.err()).contains("list.csv:3: The domain needs a dot");
    assertThat(imported.out()).contains("4 rows: 2 added as pending, 1 already known, 1 bad, 2 confirmation mails sent");
    assertThat(smtp.waitForIncomingEmail(5000, 2)).isTrue();

    Cli.Result again = Cli.run("subscribers", "import", csv.toString(), "--config", config.toString());
    assertThat(again.out()).contains("0 added");
    assertThat(smtp.getReceivedMessages()).hasSize(2);

    Cli.Result list = Cli.run("subscribers", "list", "--status", "pending", "--config", config.toString());
    assertThat(list.code()).isZero();
    assertThat(list.out().lines()).hasSize(2).allMatch(l -> l.contains("\tpending\t"));

    Cli.Result export = Cli.run("subscribers", "export", "--config", config.toString());
    assertThat(export.code()).isZero();
    assertThat(export.out()).startsWith("email,status,created,confirmed,unsubscribed,cadence,excluded_topics,excluded_feeds\r\n");
    assertThat(export.out()).contains("ada@example.org,pending,").contains("carol@example.org,pending,");
  }

  @Test
  void activeImportSendsNoMailAndAFileWithoutEmailColumnIsBadUsage() throws Exception {
    Path csv = dir.resolve("ok.csv");
    Files.writeString(csv, "email\nx@example.org\n");
    Cli.Result r = Cli.run("subscribers", "import", csv.toString(), "--active", "--config", config.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("1 added as active");
    assertThat(smtp.getReceivedMessages()).isEmpty();

    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "name\nx\n");
    Cli.Result refused = Cli.run("subscribers", "import", bad.toString(), "--config", config.toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("no 'email' column");
    assertThat(Cli.run("subscribers", "import", dir.resolve("missing.csv").toString(), "--config", config.toString()).code())
        .isEqualTo(2);
  }
}
