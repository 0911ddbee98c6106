package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.digest.app.DigestApp;
import dev.digest.app.DigestRun;
import dev.digest.app.DraftDesk;
import dev.digest.delivery.DeliveryListener;
import dev.digest.edition.DraftEdit;
import dev.digest.edition.DraftLogRepository;
import dev.digest.edition.StoredEdition;
import dev.digest.schedule.DigestScheduler;
import dev.digest.subscribe.SubscriberStatus;
import dev.digest.web.WebServer;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The editor's week on real parts: a real Quartz fire with digest.approval required builds a draft
 * and mails only the editors; the editor curates it on the command line; approve sends it to every
 * confirmed subscriber once, with the editor's order, edits, comment and note in the mail, the
 * archive and the Atom feed. Three feeds from a real HTTP server, GreenMail, H2 (and PostgreSQL for
 * two nodes approving at once).
 */
class DraftFlowTest {

  static final String EDITOR = "editor@example.org";

  @RegisterExtension final E2e e2e = E2e.threeFeeds();

  @BeforeEach
  void start() throws Exception {
    approvalRequired();
  }

  /** digest.approval: required with one editor. */
  private void approvalRequired() throws Exception {
    e2e.digestSettings("  approval: required\n  editors: [" + EDITOR + "]\n");
  }

  private static String part(MimeMessage m, int index) throws Exception {
    return (String) ((Multipart) m.getContent()).getBodyPart(index).getContent();
  }

  @Test
  void aScheduledFireMailsOnlyTheEditorsAndTheCuratedDraftGoesToEveryReaderOnce() throws Exception {
    // The readers first, in a first open that also migrates the schema: the fire below must still
    // be ahead when the scheduler starts, on a loaded machine too.
    try (DigestApp app = e2e.app()) {
      app.subscribers().add("ann@example.net", SubscriberStatus.ACTIVE);
      app.subscribers().add("bob@example.net", SubscriberStatus.ACTIVE);
      app.subscribers().add("pending@example.net", SubscriberStatus.PENDING);
    }
    // One real fire five seconds from now (Quartz's cron has a year field), so the scheduler
    // is idle again when it is closed.
    java.time.ZonedDateTime at =
        java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(5);
    String cron =
        at.getSecond()
            + " "
            + at.getMinute()
            + " "
            + at.getHour()
            + " "
            + at.getDayOfMonth()
            + " "
            + at.getMonthValue()
            + " ? "
            + at.getYear();
    e2e.digestSettings("  schedule: \"" + cron + "\"\n  time-zone: UTC\n");
    try (DigestApp app = e2e.app()) {
      try (DigestScheduler s = DigestScheduler.start(app, "node-1")) {
        await().atMost(Duration.ofSeconds(30)).until(() -> app.drafts().current().isPresent());
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> e2e.smtp().getReceivedMessages().length >= 1);
      }
      assertThat(app.editions().list(app.config().digest().id()))
          .as("a draft is not an edition yet")
          .isEmpty();
    }
    MimeMessage[] afterFire = e2e.smtp().getReceivedMessages();
    assertThat(afterFire).as("only the editor hears of the draft").hasSize(1);
    assertThat(afterFire[0].getAllRecipients()[0].toString()).isEqualTo(EDITOR);
    assertThat(afterFire[0].getSubject()).startsWith("Draft ready for approval: Harbour Brief #1");
    String ready = GreenMailUtil.getBody(afterFire[0]);
    assertThat(ready).contains("/admin/draft").contains("digest draft approve");

    Cli.Result show = e2e.cli("draft", "show");
    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.out())
        .contains("draft of edition #1: 3 items")
        .contains("Council approves tidal barrier")
        .contains("Sharpening chisels by hand")
        .contains("Ferry timetable changes for winter");
    List<String> before = titles(json());

    // Bad input: a clear message, exit 2, nothing changed.
    Cli.Result bad = e2e.cli("draft", "drop", "9");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("no item at position 9: the draft has 3 items (1-3)");
    assertThat(titles(json())).isEqualTo(before);

    String pinned = before.get(2);
    String dropped = before.get(0);
    ok("draft", "pin", "3");
    // Now: pinned, before[0], before[1]. Drop before[0] (position 2), not for good.
    ok("draft", "drop", "2");
    ok("draft", "comment", "1", "The", "one", "to", "read", "this", "week.");
    ok(
        "draft",
        "edit",
        "2",
        "--quick-summary",
        "An editor's first bullet.",
        "An editor's second bullet.");
    Path note = e2e.dir().resolve("note.md");
    Files.writeString(
        note, "Hello **readers**, a calm week in the harbour. <script>alert(1)</script>");
    ok("draft", "note", "--file", note.toString());

    JsonNode d = json();
    assertThat(titles(d)).containsExactly(pinned, before.get(1));
    assertThat(d.get("items").get(0).get("comment").asText())
        .isEqualTo("The one to read this week.");
    assertThat(d.get("items").get(1).get("method").asText()).isEqualTo("edited");
    assertThat(d.get("note").asText()).startsWith("Hello **readers**");
    List<String> actions = new ArrayList<>();
    d.get("changes")
        .forEach(
            c -> {
              actions.add(c.get("action").asText());
              if (!c.get("action").asText().equals("create")) {
                assertThat(c.get("actor").asText()).startsWith("cli:");
              }
            });
    assertThat(actions).containsExactly("create", "pin", "drop", "comment", "edit", "note");

    // The preview shows the draft as it stands.
    ok("preview", "--out", e2e.dir().resolve("preview").toString());
    String previewHtml = Files.readString(e2e.dir().resolve("preview/digest.html"));
    assertThat(previewHtml)
        .contains("The one to read this week.")
        .contains("<strong>readers</strong>")
        .doesNotContain(dropped);

    assertThat(e2e.mailTo("ann@example.net")).as("nothing to readers before approval").isEmpty();
    Cli.Result approve = e2e.cli("draft", "approve");
    assertThat(approve.code()).as(approve.err()).isZero();
    assertThat(approve.out()).contains("edition #1 approved: 2 sent");

    for (String reader : List.of("ann@example.net", "bob@example.net")) {
      List<MimeMessage> got = e2e.mailTo(reader);
      assertThat(got).as(reader).hasSize(1);
      String text = part(got.get(0), 0);
      String html = part(got.get(0), 1);
      assertThat(html)
          .contains("The one to read this week.")
          .contains("An editor's first bullet.")
          .contains("<strong>readers</strong>")
          .doesNotContain("<script")
          .doesNotContain(dropped);
      assertThat(html.indexOf(pinned)).as("pinned first").isLessThan(html.indexOf(before.get(1)));
      assertThat(text)
          .contains("Hello **readers**")
          .contains("The one to read this week.")
          .contains("An editor's first bullet.")
          .doesNotContain(dropped);
      assertThat(got.get(0).getSubject()).contains(pinned);
    }
    assertThat(e2e.mailTo("pending@example.net")).isEmpty();

    // Approving twice, or changing a sent edition: a clear message, nothing sent again.
    int total = e2e.smtp().getReceivedMessages().length;
    Cli.Result again = e2e.cli("draft", "approve");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("there is no draft: edition #1 was sent");
    Cli.Result edit = e2e.cli("draft", "comment", "1", "late");
    assertThat(edit.code()).isEqualTo(1);
    assertThat(edit.err()).contains("edition #1 was sent");
    assertThat(e2e.smtp().getReceivedMessages()).hasSize(total);

    try (DigestApp app = e2e.app()) {
      StoredEdition sent = app.editions().find(app.config().digest().id(), 1).orElseThrow();
      assertThat(sent.finished()).isTrue();
      // The dropped article was not marked seen (it may come back); the sent ones were.
      assertThat(
              app.seenItems()
                  .seen(sent.edition().items().stream().map(i -> i.key()).toList(), "weekly"))
          .hasSize(2);
      try (WebServer web = WebServer.start(app, "127.0.0.1", 0, Optional::empty)) {
        HttpClient http = HttpClient.newHttpClient();
        String archive = get(http, web, "/archive/1");
        assertThat(archive)
            .contains("The one to read this week.")
            .contains("<strong>readers</strong>")
            .doesNotContain(dropped);
        assertThat(archive.indexOf(pinned)).isLessThan(archive.indexOf(before.get(1)));
        String atom = get(http, web, "/archive.atom");
        assertThat(atom)
            .contains("The one to read this week.")
            .contains("Hello **readers**")
            .contains("An editor's first bullet.");
      }
    }
  }

  @Test
  void aChangeMadeAgainstAnotherVersionOfTheDraftChangesNothing() throws Exception {
    assertThat(e2e.cli("send").code()).isZero();
    List<String> before = titles(json());
    try (DigestApp app = e2e.app()) {
      assertThatThrownBy(
              () ->
                  app.drafts()
                      .apply(new DraftEdit.Drop(List.of(1), true), "test:editor", d -> false))
          .isInstanceOf(DraftDesk.StaleDraftException.class);
      assertThat(app.drafts().changes())
          .extracting(DraftLogRepository.Change::action)
          .as("nothing recorded after the draft was built")
          .containsExactly("create");
    }
    assertThat(titles(json())).as("the draft as it was").isEqualTo(before);
    // Not dropped for good either: a discarded draft gives back all three.
    ok("draft", "discard");
    assertThat(e2e.cli("send").code()).isZero();
    assertThat(titles(json())).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void anApprovalOfAnotherVersionOfTheDraftSendsNothing() throws Exception {
    try (DigestApp app = e2e.app()) {
      app.subscribers().add("ann@example.net", SubscriberStatus.ACTIVE);
    }
    assertThat(e2e.cli("send").code()).isZero();
    try (DigestApp app = e2e.app()) {
      long shown = app.drafts().require().id();
      DigestRun.Approval a = app.run().approve("test:editor", DeliveryListener.NONE, d -> false);
      assertThat(a).isEqualTo(new DigestRun.Approval.NoDraft(DigestRun.DRAFT_CHANGED));
      assertThat(app.drafts().current()).as("still waiting").map(StoredEdition::id).hasValue(shown);
      DigestRun.Approval same =
          app.run().approve("test:editor", DeliveryListener.NONE, d -> d.id() == shown);
      assertThat(same).isInstanceOf(DigestRun.Approval.Sent.class);
    }
    assertThat(e2e.mailTo("ann@example.net")).as("sent once, by the second approval").hasSize(1);
  }

  @Test
  void dropForeverMarksSeenAndADiscardedDraftsArticlesComeBackInTheNextOne() throws Exception {
    Cli.Result send = e2e.cli("send");
    assertThat(send.code()).as(send.err()).isZero();
    assertThat(send.out()).contains("draft of edition #1 built with 3 articles").contains(EDITOR);
    List<String> first = titles(json());
    ok("draft", "drop", "1", "--forever");
    // A second send while the draft waits builds nothing.
    Cli.Result waiting = e2e.cli("send");
    assertThat(waiting.code()).isEqualTo(1);
    assertThat(waiting.err()).contains("the draft of edition #1 waits for approval");
    Cli.Result discard = e2e.cli("draft", "discard");
    assertThat(discard.code()).as(discard.err()).isZero();
    assertThat(e2e.cli("draft", "show").code()).isEqualTo(1);

    Cli.Result next = e2e.cli("send");
    assertThat(next.code()).as(next.err()).isZero();
    List<String> second = titles(json());
    assertThat(second)
        .as("the discarded draft's articles, but the one dropped for good")
        .containsExactlyInAnyOrderElementsOf(first.subList(1, 3));
    assertThat(json().get("number").asInt()).as("the discarded number is used again").isEqualTo(1);
    assertThat(e2e.mailTo("ann@example.net")).isEmpty();
  }

  @Test
  void addByUrlFetchesAndCondensesTheArticle() throws Exception {
    e2e.feeds()
        .put(
            "/essay.html",
            "text/html; charset=utf-8",
            """
        <!DOCTYPE html><html><head><title>Why harbours silt up</title>
        <meta property="og:image" content="https://img.example.org/silt.jpg"></head><body>
        <nav>Home · About</nav><article><h1>Why harbours silt up</h1>
        <p>Every harbour fights sand. Rivers carry it down and tides push it in, and where the water
        slows the sand settles. Dredging removes it for a while, but the next storm brings more.</p>
        <p>Engineers now shape breakwaters so that the current keeps moving past the quays. That
        keeps the sand in suspension until it has passed the harbour mouth.</p>
        <p>The old port tried this in 2019. Dredging costs fell by a third in the first two years,
        and the harbour master expects them to fall further.</p></article></body></html>
        """);
    assertThat(e2e.cli("send").code()).isZero();
    Cli.Result bad = e2e.cli("draft", "add", "javascript:alert(1)");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("not an http(s) URL");
    Cli.Result missing = e2e.cli("draft", "add", e2e.feeds().url("/nothing-here"));
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no article could be read at");

    ok("draft", "add", e2e.feeds().url("/essay.html"));
    JsonNode d = json();
    JsonNode added = d.get("items").get(3);
    assertThat(added.get("title").asText()).isEqualTo("Why harbours silt up");
    assertThat(added.get("position").asInt()).isEqualTo(4);
    assertThat(added.get("feed").asText()).isEqualTo("127.0.0.1");
    assertThat(added.get("quickSummary").size()).isBetween(2, 3);
    Cli.Result twice = e2e.cli("draft", "add", e2e.feeds().url("/essay.html"));
    assertThat(twice.code()).isEqualTo(2);
    assertThat(twice.err()).contains("already in the draft at position 4");

    // A short page (under the 80 words that make a feed item a teaser) is the article already:
    // read once, not fetched again as a teaser's full text would be.
    e2e.feeds()
        .put(
            "/note.html",
            "text/html; charset=utf-8",
            """
        <!DOCTYPE html><html><head><title>Ferry times change</title></head><body><article>
        <p>From Monday the morning ferry leaves at 7:40 instead of 7:15, the harbour office says,
        because the new quay needs a longer turn. The evening boats keep their times, and the
        winter timetable, printed in October, stays as it is.</p></article></body></html>
        """);
    ok("draft", "add", e2e.feeds().url("/note.html"));
    assertThat(json().get("items").get(4).get("title").asText()).isEqualTo("Ferry times change");
    assertThat(e2e.feeds().hits("/note.html")).as("requests for the short page").isEqualTo(1);
  }

  @Test
  void aDraftPastItsDeadlineIsDroppedByDefault() throws Exception {
    e2e.digestSettings("  approval-deadline: 1s\n");
    assertThat(e2e.cli("send").code()).isZero();
    Thread.sleep(1200);
    try (DigestApp app = e2e.app()) {
      assertThat(app.drafts().current()).isPresent();
      assertThat(app.drafts().enforceDeadline()).contains("dropped");
      assertThat(app.drafts().current()).isEmpty();
      assertThat(app.drafts().enforceDeadline()).isEmpty();
    }
    assertThat(e2e.mailTo("ann@example.net")).isEmpty();
  }

  @Test
  void aDraftPastItsDeadlineIsSentWhenSoConfigured() throws Exception {
    e2e.digestSettings("  approval-deadline: 1s\n  approval-deadline-action: send\n");
    assertThat(e2e.cli("subscribers", "add", "ann@example.net").code()).isZero();
    assertThat(e2e.cli("send").code()).isZero();
    Thread.sleep(1200);
    try (DigestApp app = e2e.app()) {
      assertThat(app.drafts().enforceDeadline()).contains("sent");
      assertThat(app.drafts().current()).isEmpty();
    }
    assertThat(e2e.mailTo("ann@example.net")).hasSize(1);
  }

  @Test
  void twoNodesApprovingAtOnceSendExactlyOnceOnPostgres() throws Exception {
    e2e.usePostgres();
    int readers = 20;
    try (DigestApp one = e2e.app();
        DigestApp two = e2e.app()) {
      for (int i = 0; i < readers; i++) {
        one.subscribers().add("reader" + i + "@example.net", SubscriberStatus.ACTIVE);
      }
      assertThat(one.run().send(DigestRun.SendOptions.normal()))
          .isInstanceOf(DigestRun.SendResult.DraftCreated.class);
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<DigestRun.Approval> a =
            pool.submit(
                () -> {
                  go.await();
                  return one.run().approve("cli:one", DeliveryListener.NONE);
                });
        Future<DigestRun.Approval> b =
            pool.submit(
                () -> {
                  go.await();
                  return two.run().approve("admin:two", DeliveryListener.NONE);
                });
        go.countDown();
        List<DigestRun.Approval> results = List.of(a.get(), b.get());
        assertThat(results).filteredOn(r -> r instanceof DigestRun.Approval.Sent).hasSize(1);
        assertThat(results)
            .filteredOn(r -> r instanceof DigestRun.Approval.NoDraft)
            .hasSize(1)
            .first()
            .extracting(r -> ((DigestRun.Approval.NoDraft) r).why())
            .asString()
            .contains("edition #1 was");
      } finally {
        pool.shutdownNow();
      }
      List<String> to = new ArrayList<>();
      for (MimeMessage m : e2e.smtp().getReceivedMessages()) {
        to.add(m.getAllRecipients()[0].toString());
      }
      assertThat(to)
          .filteredOn(t -> t.startsWith("reader"))
          .hasSize(readers)
          .doesNotHaveDuplicates();
      assertThat(one.draftLog().changes(one.config().digest().id(), 1))
          .filteredOn(c -> c.action().equals("approve"))
          .hasSize(1);
    }
  }

  private static String get(HttpClient http, WebServer web, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }

  private void ok(String... args) {
    Cli.Result r = e2e.cli(args);
    assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
  }

  private JsonNode json() throws Exception {
    Cli.Result r = e2e.cli("draft", "show", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    return new ObjectMapper().readTree(r.out());
  }

  private static List<String> titles(JsonNode draft) {
    List<String> out = new ArrayList<>();
    draft.get("items").forEach(i -> out.add(i.get("title").asText()));
    return out;
  }
}
