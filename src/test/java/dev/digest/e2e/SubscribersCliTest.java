package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code digest subscribers import|export|list} through the real command line, real SMTP. */
class SubscribersCliTest {

  @RegisterExtension final E2e e2e = E2e.noFeeds();

  @Test
  void importReportsBadRowsByLineThenExportAndListShowTheRest() throws Exception {
    Path csv = e2e.dir().resolve("list.csv");
    Files.write(
        csv,
        ("\uFEFFname,email\r\n"
                + "\"Joiner, Ada\",ada@example.org\r\n"
                + "Bob,bob@example\r\n"
                + "\r\n"
                + "Carol,carol@example.org\r\n"
                + "Ada again,ADA@example.org\r\n")
            .getBytes(StandardCharsets.UTF_8));

    Cli.Result imported = e2e.cli("subscribers", "import", csv.toString());
    assertThat(imported.code()).isEqualTo(1); // one bad row
    assertThat(imported.err()).contains("list.csv:3: The domain needs a dot");
    assertThat(imported.out())
        .contains("4 rows: 2 added as pending, 1 already known, 1 bad, 2 confirmation mails sent");
    assertThat(e2e.smtp().waitForIncomingEmail(5000, 2)).isTrue();

    Cli.Result again = e2e.cli("subscribers", "import", csv.toString());
    assertThat(again.out()).contains("0 added");
    assertThat(e2e.smtp().getReceivedMessages()).hasSize(2);

    Cli.Result list = e2e.cli("subscribers", "list", "--status", "pending");
    assertThat(list.code()).isZero();
    assertThat(list.out().lines()).hasSize(2).allMatch(l -> l.contains("\tpending\t"));

    Cli.Result export = e2e.cli("subscribers", "export");
    assertThat(export.code()).isZero();
    assertThat(export.out())
        .startsWith(
            "email,status,created,confirmed,unsubscribed,cadence,excluded_topics,excluded_feeds\r\n");
    assertThat(export.out())
        .contains("ada@example.org,pending,")
        .contains("carol@example.org,pending,");
  }

  @Test
  void activeImportSendsNoMailAndAFileWithoutEmailColumnIsBadUsage() throws Exception {
    Path csv = e2e.dir().resolve("ok.csv");
    Files.writeString(csv, "email\nx@example.org\n");
    Cli.Result r = e2e.cli("subscribers", "import", csv.toString(), "--active");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("1 added as active");
    assertThat(e2e.smtp().getReceivedMessages()).isEmpty();

    Path bad = e2e.dir().resolve("bad.csv");
    Files.writeString(bad, "name\nx\n");
    Cli.Result refused = e2e.cli("subscribers", "import", bad.toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("no 'email' column");
    assertThat(e2e.cli("subscribers", "import", e2e.dir().resolve("missing.csv").toString()).code())
        .isEqualTo(2);
  }
}
