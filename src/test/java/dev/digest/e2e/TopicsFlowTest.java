package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.app.DigestApp;
import dev.digest.config.ConfigLoader;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topics on real parts: the feeds' categories (News, Crafts) are the topics; readers who leave some
 * out get an edition without them, readers with the same choice share one body, and a reader whose
 * choice leaves nothing is skipped, not sent an empty mail. Real HTTP feeds, GreenMail, H2.
 */
class TopicsFlowTest {

  @RegisterExtension final E2e e2e = E2e.threeFeeds();

  private List<String> htmlTo(String address) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : e2e.smtp().getReceivedMessages()) {
      if (m.getAllRecipients()[0].toString().equals(address)) {
        out.add((String) ((Multipart) m.getContent()).getBodyPart(1).getContent());
      }
    }
    return out;
  }

  @Test
  void readersGetOnlyTheTopicsTheyKeepAndNobodyAnEmptyMail() throws Exception {
    for (String r : List.of("ann", "bob", "dan", "cat")) {
      assertThat(e2e.cli("subscribers", "add", r + "@example.net").code()).isZero();
    }
    Cli.Result bob = e2e.cli("subscribers", "set", "bob@example.net", "--exclude", "Crafts");
    assertThat(bob.code()).as(bob.err()).isZero();
    assertThat(bob.out()).contains("without crafts");
    assertThat(e2e.cli("subscribers", "set", "dan@example.net", "--exclude", "crafts").code())
        .isZero();
    assertThat(
            e2e.cli("subscribers", "set", "cat@example.net", "--exclude", "News", "Crafts").code())
        .isZero();
    Cli.Result unknown = e2e.cli("subscribers", "set", "ann@example.net", "--exclude", "Sports");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(
            "unknown topic 'Sports': the feeds' categories are crafts, news; nothing changed");
    // Taken back: cat keeps News after all, then leaves it out again.
    assertThat(e2e.cli("subscribers", "set", "cat@example.net", "--include", "news").out())
        .contains("without crafts");
    assertThat(e2e.cli("subscribers", "set", "cat@example.net", "--exclude", "news").out())
        .contains("without crafts, news");

    Cli.Result send = e2e.cli("send");
    assertThat(send.code()).as(send.err()).isZero();
    assertThat(send.out()).contains("3 sent");

    assertThat(htmlTo("ann@example.net"))
        .singleElement()
        .asString()
        .contains("Sharpening chisels by hand")
        .contains("Council approves tidal barrier")
        .contains("Ferry timetable changes for winter");
    String forBob = htmlTo("bob@example.net").get(0);
    assertThat(forBob)
        .doesNotContain("Sharpening chisels by hand")
        .contains("Council approves tidal barrier")
        .contains("Ferry timetable changes for winter");
    String forDan = htmlTo("dan@example.net").get(0);
    // One body for the same choice: equal but for the personal links.
    assertThat(forDan.replaceAll("token=[^\"&]+", ""))
        .isEqualTo(forBob.replaceAll("token=[^\"&]+", ""));
    assertThat(htmlTo("cat@example.net")).as("nothing left for cat: no mail").isEmpty();

    try (DigestApp app = DigestApp.open(ConfigLoader.load(e2e.config()))) {
      try (Connection c = app.dataSource().getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT d.status, COUNT(*) FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id"
                      + " GROUP BY d.status ORDER BY d.status");
          ResultSet rs = ps.executeQuery()) {
        List<String> counts = new ArrayList<>();
        while (rs.next()) {
          counts.add(rs.getString(1) + "=" + rs.getInt(2));
        }
        assertThat(counts).containsExactly("sent=3", "skipped=1");
      }
      try (Connection c = app.dataSource().getConnection();
          ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM edition_variant")) {
        rs.next();
        assertThat(rs.getInt(1)).as("one body for bob and dan's choice").isEqualTo(1);
      }
      assertThat(app.editions().list(app.config().digest().id()).get(0).finished()).isTrue();
    }
    // Nothing left to send: a resume sends nobody anything more.
    assertThat(e2e.cli("send", "--resume").code()).isZero();
    assertThat(e2e.smtp().getReceivedMessages()).hasSize(3);
  }
}
