package dev.digest.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digest.render.TemplateRenderer;
import dev.digest.store.Database;
import dev.digest.testing.TestDatabase;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubscriberImportTest {

  static final Path FIXTURES = Path.of("src/test/resources/dev/digest/subscribe");
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  Database db;
  SubscriberRepository repo;
  RecordingMailer mailer;
  SubscriberImport importer;

  @BeforeEach
  void open() {
    db = TestDatabase.h2().open();
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    repo = new SubscriberRepository(db, clock);
    mailer = new RecordingMailer();
    SubscriptionService service =
        new SubscriptionService(
            repo,
            new TokenService(TokenServiceTest.SECRET, clock),
            mailer,
            new TemplateRenderer(Path.of("templates")),
            TestSettings.digest(),
            TestSettings.mail(2),
            clock);
    importer = new SubscriberImport(repo, service);
  }

  @AfterEach
  void close() {
    db.close();
  }

  Reader fixture(String name) throws IOException {
    return Files.newBufferedReader(FIXTURES.resolve(name), StandardCharsets.UTF_8);
  }

  @Test
  void aMessyFileReportsEveryBadRowByLineAndImportsTheRest() throws IOException {
    SubscriberImport.Report r = importer.importCsv(fixture("messy.csv"), true);

    assertThat(r.bad()).extracting(SubscriberImport.BadRow::line).containsExactly(8, 12, 13, 15);
    assertThat(r.bad().get(0).reason()).contains("not-an-address");
    assertThat(r.bad().get(1).reason()).contains("no value");
    assertThat(r.bad().get(2).reason()).contains("control character").doesNotContain("\n");
    assertThat(r.rows()).isEqualTo(11);
    assertThat(r.added()).isEqualTo(6);
    assertThat(r.existing()).isEqualTo(1);
    assertThat(repo.list(Optional.empty()))
        .extracting(Subscriber::email)
        .containsExactlyInAnyOrder(
            "ada@example.org",
            "bob@example.org",
            "carol@example.org",
            "dave@example.org",
            "grace@xn--bcher-kva.example",
            "mallory@example.org");
    assertThat(repo.list(Optional.empty()))
        .allSatisfy(
            s -> {
              assertThat(s.status()).isEqualTo(SubscriberStatus.ACTIVE);
              assertThat(s.confirmedAt()).hasValue(T0);
            });
    assertThat(mailer.sent()).isEmpty();
  }

  @Test
  void reimportingIsIdempotent() throws IOException {
    importer.importCsv(fixture("messy.csv"), true);
    SubscriberImport.Report again = importer.importCsv(fixture("messy.csv"), true);
    assertThat(again.added()).isZero();
    assertThat(again.existing()).isEqualTo(7);
    assertThat(repo.list(Optional.empty())).hasSize(6);
  }

  @Test
  void withoutActiveEveryNewAddressIsPendingAndGetsOneConfirmation() throws IOException {
    repo.add("x2@example.net", SubscriberStatus.ACTIVE);
    SubscriberImport.Report r = importer.importCsv(fixture("simple-lf.csv"), false);
    assertThat(r.added()).isEqualTo(1);
    assertThat(r.existing()).isEqualTo(2); // x2 known, X1 repeats x1
    assertThat(r.confirmationsSent()).isEqualTo(1);
    assertThat(mailer.sent()).extracting(m -> m.to()).containsExactly("x1@example.net");
    assertThat(repo.findByEmail("x1@example.net").orElseThrow().status())
        .isEqualTo(SubscriberStatus.PENDING);
    assertThat(repo.findByEmail("x2@example.net").orElseThrow().status())
        .isEqualTo(SubscriberStatus.ACTIVE);

    // Again: nobody is mailed twice.
    importer.importCsv(fixture("simple-lf.csv"), false);
    assertThat(mailer.sent()).hasSize(1);
  }

  @Test
  void aFileWithoutAnEmailColumnIsRefusedWhole() {
    assertThatThrownBy(() -> importer.importCsv(fixture("no-email-column.csv"), true))
        .isInstanceOf(CsvReader.CsvException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("'email'");
    assertThat(repo.list(Optional.empty())).isEmpty();
  }

  @Test
  void anUnclosedQuoteIsReportedAndTheRowsBeforeItImported() throws IOException {
    SubscriberImport.Report r = importer.importCsv(fixture("unclosed-quote.csv"), true);
    assertThat(r.bad()).extracting(SubscriberImport.BadRow::line).containsExactly(3);
    assertThat(repo.list(Optional.empty()))
        .extracting(Subscriber::email)
        .containsExactly("ok@example.org");
  }

  @Test
  void exportWritesRfc4180AndReadsBackThroughImport() throws IOException {
    importer.importCsv(fixture("messy.csv"), true);
    repo.remove("bob@example.org");
    StringWriter out = new StringWriter();
    SubscriberImport.export(repo.list(Optional.empty()), out);
    String csv = out.toString();
    assertThat(csv)
        .startsWith(
            "email,status,created,confirmed,unsubscribed,cadence,excluded_topics,excluded_feeds\r\n");
    assertThat(csv)
        .contains("ada@example.org,active,2026-03-01T10:00:00Z,2026-03-01T10:00:00Z,,,,\r\n");
    assertThat(csv)
        .contains(
            "bob@example.org,unsubscribed,2026-03-01T10:00:00Z,2026-03-01T10:00:00Z,2026-03-01T10:00:00Z,,,\r\n");
    assertThat(csv.split("\r\n")).hasSize(7);

    // The export is a valid import file for another instance.
    Database other = TestDatabase.h2().open();
    try {
      SubscriberRepository otherRepo = new SubscriberRepository(other);
      SubscriberImport.Report r =
          new SubscriberImport(otherRepo, null).importCsv(new StringReader(csv), true);
      assertThat(r.bad()).isEmpty();
      assertThat(r.added()).isEqualTo(6);
    } finally {
      other.close();
    }
  }

  @Test
  void cadenceAndTopicColumnsTravelAndUnknownValuesAreRefusedByLine() throws IOException {
    SubscriberImport withChoices =
        new SubscriberImport(
            repo, null, java.util.Set.of("weekly", "monthly"), java.util.Set.of("news", "crafts"));
    String csv =
        "email,cadence,excluded_topics\r\n"
            + "ann@example.org,monthly,Crafts\r\n"
            + "bob@example.org,,news;crafts\r\n"
            + "cat@example.org,hourly,\r\n"
            + "dan@example.org,weekly,sports\r\n";
    SubscriberImport.Report r = withChoices.importCsv(new StringReader(csv), true);
    assertThat(r.added()).isEqualTo(2);
    assertThat(r.bad()).extracting(SubscriberImport.BadRow::line).containsExactly(4, 5);
    assertThat(r.bad().get(0).reason()).contains("unknown cadence 'hourly'");
    assertThat(r.bad().get(1).reason()).contains("unknown topic 'sports'");
    Subscriber ann = repo.findByEmail("ann@example.org").orElseThrow();
    assertThat(ann.cadence()).isEqualTo("monthly");
    assertThat(ann.excludedTopics()).containsExactly("crafts");
    assertThat(repo.findByEmail("bob@example.org").orElseThrow().excludedTopics())
        .containsExactlyInAnyOrder("news", "crafts");

    StringWriter out = new StringWriter();
    SubscriberImport.export(repo.list(Optional.empty()), out);
    assertThat(out.toString()).contains(",monthly,crafts,\r\n").contains(",,crafts;news,\r\n");
    // Imported again: the readers are there, and keep their own choices.
    repo.setCadence(ann.id(), "weekly");
    withChoices.importCsv(new StringReader(csv), true);
    assertThat(repo.findByEmail("ann@example.org").orElseThrow().cadence()).isEqualTo("weekly");
  }

  @Test
  void theFeedColumnTravelsWithUrlsSeparatedBySpacesAndUnknownFeedsAreRefusedByLine()
      throws IOException {
    String a = "https://example.org/a.rss";
    String b = "https://example.org/b;v=2.xml";
    SubscriberImport withFeeds =
        new SubscriberImport(
            repo,
            null,
            java.util.Set.of("weekly"),
            java.util.Set.of("news"),
            java.util.Set.of(a, b));
    String csv =
        "email,excluded_feeds\r\n"
            + "ann@example.org,\""
            + b
            + "  "
            + a
            + "\"\r\n"
            + "bob@example.org,https://example.org/gone.rss\r\n"
            + "cat@example.org,\r\n";
    SubscriberImport.Report r = withFeeds.importCsv(new StringReader(csv), true);
    assertThat(r.added()).isEqualTo(2);
    assertThat(r.bad())
        .singleElement()
        .satisfies(
            bad -> {
              assertThat(bad.line()).isEqualTo(3);
              assertThat(bad.reason()).contains("unknown feed 'https://example.org/gone.rss'");
            });
    assertThat(repo.findByEmail("ann@example.org").orElseThrow().excludedFeeds())
        .containsExactlyInAnyOrder(a, b);
    assertThat(repo.findByEmail("cat@example.org").orElseThrow().excludedFeeds()).isEmpty();

    StringWriter out = new StringWriter();
    SubscriberImport.export(repo.list(Optional.empty()), out);
    assertThat(out.toString()).contains(",," + a + " " + b + "\r\n");
    // Without feeds to check against (the 4-argument import), a feed value is a bad row.
    SubscriberImport.Report none =
        new SubscriberImport(repo, null, java.util.Set.of("weekly"), java.util.Set.of("news"))
            .importCsv(
                new StringReader("email,excluded_feeds\r\n" + "dan@example.org," + a + "\r\n"),
                true);
    assertThat(none.bad()).singleElement().extracting(SubscriberImport.BadRow::line).isEqualTo(2);
  }

  @Test
  void fieldsAreQuotedOnlyWhenNeeded() {
    assertThat(SubscriberImport.field("a@b.org")).isEqualTo("a@b.org");
    assertThat(SubscriberImport.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(SubscriberImport.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
  }

  @Test
  void formulaLookingAddressesExportAsTextAndImportBackUnchanged() throws IOException {
    // Valid addresses a stranger can subscribe with, which a spreadsheet would run as formulas.
    List<String> hostile =
        List.of(
            "=cmd@example.org",
            "+sum@example.org",
            "-1@example.org",
            "'=quoted@example.org",
            "plain@example.org");
    for (String email : hostile) {
      repo.addAll(List.of(email), SubscriberStatus.ACTIVE);
    }
    StringWriter out = new StringWriter();
    SubscriberImport.export(repo.list(Optional.empty()), out);
    List<String> firstCells =
        Arrays.stream(out.toString().split("\r\n"))
            .skip(1)
            .map(line -> line.substring(0, line.indexOf(',')))
            .toList();
    assertThat(firstCells)
        .containsExactlyInAnyOrder(
            "'=cmd@example.org",
            "'+sum@example.org",
            "'-1@example.org",
            "''=quoted@example.org",
            "plain@example.org");
    assertThat(firstCells).noneMatch(c -> "=+-@".indexOf(c.charAt(0)) >= 0);

    Database other = TestDatabase.h2().open();
    try {
      SubscriberRepository otherRepo = new SubscriberRepository(other);
      SubscriberImport.Report r =
          new SubscriberImport(otherRepo, null).importCsv(new StringReader(out.toString()), true);
      assertThat(r.bad()).isEmpty();
      assertThat(otherRepo.list(Optional.empty()))
          .extracting(Subscriber::email)
          .containsExactlyInAnyOrderElementsOf(hostile);
    } finally {
      other.close();
    }
  }

  @Test
  void aHundredThousandRowsImportInOneBatchedTransaction() throws IOException {
    StringBuilder csv = new StringBuilder("email,name\n");
    for (int i = 0; i < 100_000; i++) {
      csv.append("reader").append(i).append("@example.org,Reader ").append(i).append('\n');
    }
    SubscriberImport.Report r = importer.importCsv(new StringReader(csv.toString()), true);
    assertThat(r.added()).isEqualTo(100_000);
    assertThat(r.bad()).isEmpty();
    assertThat(repo.countByStatus().get(SubscriberStatus.ACTIVE)).isEqualTo(100_000);
    assertThat(repo.findByEmail("reader99999@example.org")).isPresent();
  }
}
