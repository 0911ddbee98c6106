package dev.digest.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.bounce.Feedback.Kind;
import dev.digest.bounce.FeedbackParser.Parse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser's table: each {@code .eml} under {@code resources/dev/digest/bounce} (messages shaped
 * like what Postfix, Exim, Exchange/Office 365, Gmail, Yahoo, SES, Microsoft's JMRP and qmail send,
 * written for these tests) against its row of {@code expected.tsv}.
 */
class FeedbackParserTest {

  static final Path DIR = Path.of("src/test/resources/dev/digest/bounce");
  static final FeedbackParser PARSER = new FeedbackParser("brief@example.org", "brief@example.org");

  record Row(
      String fixture,
      String kind,
      String token,
      String messageId,
      String status,
      String recipient,
      String says) {
    @Override
    public String toString() {
      return fixture;
    }
  }

  static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(DIR.resolve("expected.tsv"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#") || line.startsWith("fixture\t")) {
        continue;
      }
      String[] c = line.split("\t", -1);
      assertThat(c).as("columns of: %s", line).hasSize(7);
      rows.add(new Row(c[0], c[1], c[2], c[3], c[4], c[5], c[6]));
    }
    return rows;
  }

  static Stream<Arguments> table() throws IOException {
    return rows().stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void readsEachFixtureAsTheTableSays(Row row) throws IOException {
    Parse parse = PARSER.parse(Files.readAllBytes(DIR.resolve(row.fixture())), "file");

    if (row.kind().equals("REFUSED")) {
      assertThat(parse).isInstanceOf(Parse.Refused.class);
      String reason = ((Parse.Refused) parse).reason();
      assertThat(reason).contains(row.says()).doesNotContain("\n").doesNotContain("\r");
      return;
    }
    assertThat(parse).as("%s", parse).isInstanceOf(Parse.Read.class);
    Feedback f = ((Parse.Read) parse).feedback();
    assertThat(f.kind()).as("kind").isEqualTo(Kind.valueOf(row.kind()));
    assertThat(f.token()).as("token").isEqualTo(optional(row.token()));
    assertThat(f.originalMessageId()).as("originalMessageId").isEqualTo(optional(row.messageId()));
    assertThat(f.statusCode()).as("statusCode").isEqualTo(orEmpty(row.status()));
    assertThat(f.recipient()).as("recipient").isEqualTo(optional(row.recipient()));
    if (!row.says().equals("-")) {
      assertThat(f.diagnostic()).as("diagnostic").contains(row.says());
    }
    assertThat(f.diagnostic()).hasSizeLessThanOrEqualTo(300).doesNotContain("\n");
    assertThat(f.source()).isEqualTo("file");
  }

  @Test
  void everyFixtureHasARowAndThereAreAtLeastThirty() throws IOException {
    Set<String> files = new TreeSet<>();
    try (Stream<Path> list = Files.list(DIR)) {
      list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml")).forEach(files::add);
    }
    Set<String> rows = new TreeSet<>();
    rows().forEach(r -> rows.add(r.fixture()));
    assertThat(rows).isEqualTo(files);
    assertThat(files).hasSizeGreaterThanOrEqualTo(30);
  }

  @Test
  void refusesAMessageOverTheLimitUnread() {
    byte[] big = plainMessage(FeedbackParser.MAX_BYTES + 1);

    Parse parse = PARSER.parse(big, "stdin");

    assertThat(parse).isInstanceOf(Parse.Refused.class);
    assertThat(((Parse.Refused) parse).reason())
        .contains(String.valueOf(FeedbackParser.MAX_BYTES))
        .doesNotContain("\n");
  }

  @Test
  void readsAMessageOfExactlyTheLimit() {
    Parse parse = PARSER.parse(plainMessage(FeedbackParser.MAX_BYTES), "imap");

    assertThat(parse).isInstanceOf(Parse.Read.class);
    Feedback f = ((Parse.Read) parse).feedback();
    assertThat(f.kind()).isEqualTo(Kind.IGNORED);
    assertThat(f.token()).contains("abcd2345");
    assertThat(f.source()).isEqualTo("imap");
  }

  @Test
  void refusesAnEmptyMessage() {
    assertThat(PARSER.parse(new byte[0], "stdin")).isInstanceOf(Parse.Refused.class);
  }

  @Test
  void skipsTheMboxFromLineAPipeTransportPrepends() throws IOException {
    byte[] dsn = Files.readAllBytes(DIR.resolve("ses-bounce.eml"));
    byte[] prefix =
        "From MAILER-DAEMON  Mon Mar  2 07:00:04 2026\n".getBytes(StandardCharsets.UTF_8);
    byte[] raw = new byte[prefix.length + dsn.length];
    System.arraycopy(prefix, 0, raw, 0, prefix.length);
    System.arraycopy(dsn, 0, raw, prefix.length, dsn.length);

    Feedback f = read(raw);

    assertThat(f.kind()).isEqualTo(Kind.HARD_BOUNCE);
    assertThat(f.token()).contains("k5ra2xe7qm4tzw3n");
  }

  @Test
  void readsAnObsoleteSpaceBeforeTheColonAsAField() {
    Feedback f =
        read(PARSER, "From : MAILER-DAEMON@example.net\nTo: brief+abcd2345@example.org\n\n");

    assertThat(f.kind()).isEqualTo(Kind.IGNORED);
    assertThat(f.token()).contains("abcd2345");
  }

  @Test
  void tellsTheFormsApartWhenBounceAndUnsubscribeAddressesDiffer() {
    FeedbackParser parser = new FeedbackParser("bounces@example.org", "brief@example.org");
    String unsubscribe = "To: brief+u-abcd2345@example.org\nSubject: stop\n\n";
    String bounceWithU = "To: bounces+u-abcd2345@example.org\nSubject: stop\n\n";
    String briefWithoutU = "To: brief+abcd2345@example.org\nSubject: stop\n\n";
    String verp = "To: Bounces+ABCD2345@Example.Org\nSubject: hi\n\n";

    assertThat(read(parser, unsubscribe).kind()).isEqualTo(Kind.UNSUBSCRIBE);
    assertThat(read(parser, unsubscribe).token()).contains("u-abcd2345");
    assertThat(read(parser, bounceWithU).token()).isEmpty();
    assertThat(read(parser, briefWithoutU).token()).isEmpty();
    assertThat(read(parser, verp).token()).contains("abcd2345");
    assertThat(read(parser, verp).kind()).isEqualTo(Kind.IGNORED);
  }

  @Test
  void takesOnlyTokensThatAreDigestsOwnSubaddress() {
    TokenFinder finder = new TokenFinder("brief@example.org", "brief@example.org");
    String forty = "a".repeat(40);

    assertThat(finder.find("<brief+" + forty + "@example.org>")).contains(forty);
    assertThat(finder.find("<brief+" + forty + "a@example.org>")).isEmpty();
    assertThat(finder.find("xbrief+abcd@example.org")).isEmpty();
    assertThat(finder.find("brief+abcd@example.org.evil.example")).isEmpty();
    assertThat(finder.find("brief+abcd@example.organic.example")).isEmpty();
    assertThat(finder.find("mail brief+abcd@example.org.")).contains("abcd");
    assertThat(finder.find("brief+ab-cd@example.org, brief+efgh@example.org")).contains("efgh");
    assertThat(finder.find("brief+abcd@example.com")).isEmpty();
    assertThat(finder.find("brief+@example.org")).isEmpty();
    assertThat(finder.find("brief+u-@example.org")).isEmpty();
    assertThat(new TokenFinder("not an address", "").find("brief+abcd@example.org")).isEmpty();
  }

  @Test
  void findsStatusCodesButNotNumbersThatLookLikeThem() {
    assertThat(StatusCodes.enhanced("smtp; 550 5.1.1 <a@example.com>")).isEqualTo("5.1.1");
    assertThat(StatusCodes.enhanced("550-5.7.26 unauthenticated")).isEqualTo("5.7.26");
    assertThat(StatusCodes.enhanced("from 5.1.1.4 via 192.0.2.1")).isNull();
    assertThat(StatusCodes.enhanced("version 15.1.2507")).isNull();
    assertThat(StatusCodes.enhanced("dated 5.03.2026")).isNull();

    assertThat(StatusCodes.mostSevereFailure("said: 554 delivery error").code()).isEqualTo("5.0.0");
    assertThat(StatusCodes.mostSevereFailure("451 4.7.1 later\n550 5.1.1 gone\n").code())
        .isEqualTo("5.1.1");
    assertThat(StatusCodes.mostSevereFailure("retry timeout exceeded, 2026 items, 5500 B"))
        .isNull();
  }

  @Test
  void keepsALongDiagnosticToOneLineOfThreeHundredCharacters() {
    String dsn =
        """
        To: brief+abcd2345@example.org
        Content-Type: multipart/report; report-type=delivery-status; boundary="b"

        --b
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.net

        Final-Recipient: rfc822; long@example.com
        Action: failed
        Status: 5.0.0
        Diagnostic-Code: smtp; 550 %s
        --b--
        """
            .formatted("word ".repeat(100) + "\n  and\tmore\n  " + "x".repeat(400));

    Feedback f = read(PARSER, dsn);

    assertThat(f.kind()).isEqualTo(Kind.HARD_BOUNCE);
    assertThat(f.diagnostic()).hasSize(300).startsWith("550 word word").doesNotContain("\n");
  }

  @Test
  void classifiesAReportBeforeItsAutoSubmittedHeader() throws IOException {
    Feedback f = read(Files.readAllBytes(DIR.resolve("gmail-no-such-user.eml")));

    assertThat(f.kind()).isEqualTo(Kind.HARD_BOUNCE);
  }

  /** Cut and damaged versions of every fixture: each is read or refused, none throws. */
  @Test
  void neverThrowsOnDamagedMessages() throws IOException {
    Random random = new Random(20260302);
    int results = 0;
    for (Row row : rows()) {
      byte[] raw = Files.readAllBytes(DIR.resolve(row.fixture()));
      for (int cut = 1; cut < raw.length; cut += Math.max(1, raw.length / 23)) {
        assertThat(PARSER.parse(Arrays.copyOf(raw, cut), "file")).isNotNull();
        results++;
      }
      for (int i = 0; i < 20; i++) {
        byte[] damaged = raw.clone();
        for (int j = 0; j < 8; j++) {
          damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
        }
        assertThat(PARSER.parse(damaged, "file")).isNotNull();
        results++;
      }
    }
    assertThat(results).isGreaterThan(1000);
  }

  private static byte[] plainMessage(int size) {
    byte[] head =
        "To: brief+abcd2345@example.org\nSubject: big\n\n".getBytes(StandardCharsets.US_ASCII);
    byte[] raw = new byte[size];
    System.arraycopy(head, 0, raw, 0, head.length);
    for (int i = head.length; i < size; i++) {
      raw[i] = (byte) ((i % 77 == 0) ? '\n' : 'x');
    }
    return raw;
  }

  private static Feedback read(byte[] raw) {
    Parse parse = PARSER.parse(raw, "file");
    assertThat(parse).as("%s", parse).isInstanceOf(Parse.Read.class);
    return ((Parse.Read) parse).feedback();
  }

  private static Feedback read(FeedbackParser parser, String message) {
    Parse parse = parser.parse(message.getBytes(StandardCharsets.UTF_8), "file");
    assertThat(parse).as("%s", parse).isInstanceOf(Parse.Read.class);
    return ((Parse.Read) parse).feedback();
  }

  private static Optional<String> optional(String cell) {
    return cell.equals("-") ? Optional.empty() : Optional.of(cell);
  }

  private static String orEmpty(String cell) {
    return cell.equals("-") ? "" : cell;
  }
}
