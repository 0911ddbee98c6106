package dev.digest.web;

import static dev.digest.web.WebHarness.enc;
import static dev.digest.web.WebHarness.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.edition.DraftLogRepository;
import dev.digest.edition.Edition;
import dev.digest.edition.EditionItem;
import dev.digest.edition.StoredEdition;
import dev.digest.render.DigestTemplate;
import dev.digest.render.RenderedDigest;
import dev.digest.subscribe.SubscriberStatus;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /admin/draft over real HTTP: a real web site on H2 with GreenMail, a draft (edition #13) stored
 * as the approval run stores one. Every change is read back from the stored draft and its record;
 * every refusal must leave the draft exactly as it was.
 */
class DraftPagesTest {

  static final Instant T = Instant.parse("2026-12-07T06:00:00Z");

  @TempDir Path dir;
  WebHarness site;

  @BeforeEach
  void start() throws Exception {
    site = new WebHarness(dir);
  }

  @AfterEach
  void stop() {
    if (site != null) {
      site.close();
    }
  }

  private static EditionItem item(int position, String title) {
    return new EditionItem(
        "key-" + position,
        position,
        title,
        "https://example.org/" + position,
        "Harbour Gazette",
        "News",
        "",
        T,
        3,
        List.of("First point of " + position, "Second point"),
        List.of("Takeaway of " + position),
        "sections",
        List.of());
  }

  /** Edition #13 as a draft, rendered by the app's renderer, and two active subscribers. */
  private void draft(EditionItem... items) {
    Edition e =
        new Edition(
            site.app.config().digest().id(),
            13,
            "Harbour Brief",
            T.minusSeconds(86400),
            T,
            T,
            List.of(items),
            "");
    RenderedDigest r = site.app.renderer().render(e);
    site.app
        .database()
        .inTransaction(
            c ->
                site.app
                    .editions()
                    .insert(
                        c,
                        e,
                        r.subject(),
                        r.html(),
                        r.text(),
                        StoredEdition.DRAFT,
                        T.plusSeconds(86400)));
    site.app.subscribers().add("one@example.net", SubscriberStatus.ACTIVE);
    site.app.subscribers().add("two@example.net", SubscriberStatus.ACTIVE);
  }

  private void threeItems() {
    draft(
        item(1, "Council approves tidal barrier"),
        item(2, "Ferry timetable <b>changes</b>"),
        item(3, "Lighthouse reopens"));
  }

  private Edition stored() {
    return site.app.drafts().current().orElseThrow().edition();
  }

  private List<String> titles() {
    return stored().items().stream().map(EditionItem::title).toList();
  }

  /** POSTs a form of the page with its CSRF token and draft version. */
  private HttpResponse<String> post(String action, String form) throws Exception {
    String page = site.get("/admin/draft").body();
    return site.post(
        "/admin/draft/" + action,
        "csrf=" + field(page, "csrf") + "&version=" + field(page, "version") + "&" + form);
  }

  private static String location(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    return r.headers().firstValue("Location").orElseThrow();
  }

  @Test
  void withoutADraftThePageSaysWhy() throws Exception {
    HttpResponse<String> r = site.get("/admin/draft");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("No draft to review: there is no draft: none has been built yet")
        .doesNotContain("action=\"/admin/draft/approve\"");
    assertThat(site.get("/admin").body()).doesNotContain("Draft waiting");
    // A frame of the page may still ask after an approval: the answer is framable, not blocked.
    HttpResponse<String> preview = site.get("/admin/draft/preview");
    assertThat(preview.statusCode()).isEqualTo(404);
    assertThat(preview.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("frame-ancestors 'self'");
    assertThat(preview.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
  }

  @Test
  void thePageListsTheItemsEscapedWithTheirFormsAndAPreview() throws Exception {
    threeItems();
    HttpResponse<String> r = site.get("/admin/draft");
    assertThat(r.statusCode()).isEqualTo(200);
    String body = r.body();
    assertThat(body)
        .contains("Draft: edition #13")
        .contains("Council approves tidal barrier")
        .contains("Ferry timetable &lt;b&gt;changes&lt;/b&gt;")
        .doesNotContain("<b>changes</b>")
        .contains("href=\"https://example.org/1\"")
        .contains("Harbour Gazette")
        .contains("First point of 2")
        .contains("Takeaway of 3")
        .contains("Approve and send to 2 subscribers")
        .contains("action=\"/admin/draft/drop\"")
        .contains("action=\"/admin/draft/move\"")
        .contains("action=\"/admin/draft/add\"")
        .contains("src=\"/admin/draft/preview\"");
    assertThat(body.indexOf("Council approves")).isLessThan(body.indexOf("Lighthouse reopens"));
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("frame-src 'self'");

    HttpResponse<String> preview = site.get("/admin/draft/preview");
    assertThat(preview.statusCode()).isEqualTo(200);
    assertThat(preview.body())
        .contains("Lighthouse reopens")
        .doesNotContain(DigestTemplate.UNSUBSCRIBE_URL);
    assertThat(preview.headers().firstValue("Content-Security-Policy").orElse(""))
        .startsWith("sandbox;")
        .contains("frame-ancestors 'self'");

    assertThat(site.get("/admin").body())
        .contains("Draft waiting: edition #13 — review")
        .contains("href=\"/admin/draft\"");
  }

  @Test
  void commentNoteAndBulletsLandInTheStoredDraftAndItsRecord() throws Exception {
    threeItems();
    String where = location(post("comment", "position=2&text=" + enc("Check the <new> times")));
    assertThat(where).isEqualTo("/admin/draft?done=commented");
    assertThat(stored().items().get(1).comment()).isEqualTo("Check the <new> times");
    assertThat(site.get(where).body())
        .contains("The comment was saved.")
        .contains("Check the &lt;new&gt; times");

    location(post("note", "note=" + enc("A *stormy* week.")));
    assertThat(stored().note()).isEqualTo("A *stormy* week.");

    location(post("edit", "position=1&quick=" + enc("New one\n\n  New two  \n") + "&takeaways="));
    EditionItem first = stored().items().get(0);
    assertThat(first.quickSummary()).containsExactly("New one", "New two");
    assertThat(first.takeaways()).containsExactly("Takeaway of 1");
    assertThat(first.method()).isEqualTo(EditionItem.EDITED);

    // The textareas come filled in: sent back as they are, nothing is rewritten.
    String unchanged =
        location(
            post(
                "edit",
                "position=3&quick="
                    + enc("First point of 3\nSecond point")
                    + "&takeaways="
                    + enc("Takeaway of 3")));
    assertThat(unchanged).isEqualTo("/admin/draft?done=unchanged");
    assertThat(stored().items().get(2).method()).isEqualTo("sections");

    List<DraftLogRepository.Change> changes = site.app.drafts().changes();
    assertThat(changes)
        .extracting(DraftLogRepository.Change::action)
        .containsExactly("comment", "note", "edit");
    assertThat(changes).allSatisfy(c -> assertThat(c.actor()).startsWith("admin"));
    assertThat(site.get("/admin/draft").body())
        .contains("commented 2: Check the &lt;new&gt; times");
  }

  @Test
  void pinMoveAndDropReorderTheStoredDraft() throws Exception {
    threeItems();
    location(post("pin", "position=3"));
    assertThat(titles())
        .containsExactly(
            "Lighthouse reopens",
            "Council approves tidal barrier",
            "Ferry timetable <b>changes</b>");

    location(post("move", "position=1&to=3"));
    assertThat(titles())
        .containsExactly(
            "Council approves tidal barrier",
            "Ferry timetable <b>changes</b>",
            "Lighthouse reopens");

    assertThat(location(post("drop", "position=2&forever=yes")))
        .isEqualTo("/admin/draft?done=dropped-forever");
    assertThat(titles()).containsExactly("Council approves tidal barrier", "Lighthouse reopens");
    assertThat(stored().items()).extracting(EditionItem::position).containsExactly(1, 2);
    assertThat(site.app.seenItems().seen(Set.of("key-2"), "weekly")).containsExactly("key-2");

    location(post("drop", "position=1"));
    assertThat(titles()).containsExactly("Lighthouse reopens");
    assertThat(site.app.seenItems().seen(Set.of("key-1"), "weekly")).isEmpty();
    assertThat(site.app.drafts().changes())
        .extracting(DraftLogRepository.Change::action)
        .containsExactly("pin", "move", "drop-forever", "drop");
  }

  @Test
  void aPositionThatIsNotThereOrNotANumberIsRefusedInWordsAndChangesNothing() throws Exception {
    threeItems();
    Edition before = stored();

    HttpResponse<String> missing = post("comment", "position=9&text=hello");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("id=\"draft-error\"").contains("no item at position 9");

    HttpResponse<String> words = post("drop", "position=" + enc("two<script>"));
    assertThat(words.statusCode()).isEqualTo(400);
    assertThat(words.body()).contains("a position is a whole number").doesNotContain("<script>");

    assertThat(post("move", "position=1&to=").statusCode()).isEqualTo(400);
    assertThat(post("move", "position=1&to=0").statusCode()).isEqualTo(400);
    assertThat(post("edit", "position=7&quick=x").statusCode()).isEqualTo(400);

    assertThat(stored()).isEqualTo(before);
    assertThat(site.app.drafts().changes()).isEmpty();
    // The outcome shown after a redirect comes from a fixed list, never from the address.
    assertThat(site.get("/admin/draft?done=" + enc("<i>pwned</i>")).body()).doesNotContain("pwned");
  }

  @Test
  void aFormWithoutTheRightTokenOrFromAnOlderPageChangesNothing() throws Exception {
    threeItems();
    String page = site.get("/admin/draft").body();
    String version = field(page, "version");
    Edition before = stored();

    HttpResponse<String> none =
        site.post("/admin/draft/comment", "version=" + version + "&position=1&text=x");
    assertThat(none.statusCode()).isEqualTo(403);
    HttpResponse<String> wrong =
        site.post(
            "/admin/draft/drop",
            "csrf=not-the-token-at-all-123&version=" + version + "&position=1");
    assertThat(wrong.statusCode()).isEqualTo(403);
    // Another client (no cookie) with this page's token is refused too.
    HttpClient other = WebHarness.client();
    assertThat(
            site.post(
                    other,
                    "/admin/draft/discard",
                    "csrf=" + field(page, "csrf") + "&version=" + version + "&confirm=yes")
                .statusCode())
        .isEqualTo(403);
    assertThat(stored()).isEqualTo(before);

    // A pin elsewhere reorders the draft: this page's positions no longer mean the same items.
    location(post("pin", "position=3"));
    Edition pinned = stored();
    HttpResponse<String> stale =
        site.post(
            "/admin/draft/drop",
            "csrf=" + field(page, "csrf") + "&version=" + version + "&position=1");
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(stale.body()).contains("The draft changed since this page was loaded");
    assertThat(stored()).isEqualTo(pinned);
  }

  @Test
  void approveSendsOnceToEverySubscriberAndASecondApprovalIsRefused() throws Exception {
    threeItems();
    HttpResponse<String> unconfirmed = post("approve", "");
    assertThat(unconfirmed.statusCode()).isEqualTo(400);
    assertThat(unconfirmed.body()).contains("Tick the box");
    assertThat(site.app.drafts().current()).isPresent();

    String page = site.get("/admin/draft").body();
    String form =
        "csrf=" + field(page, "csrf") + "&version=" + field(page, "version") + "&confirm=yes";
    assertThat(location(site.post("/admin/draft/approve", form))).isEqualTo("/admin/draft");

    assertThat(site.smtp.waitForIncomingEmail(30_000, 2)).isTrue();
    String after = "";
    for (int i = 0; i < 150 && !after.contains("id=\"approval-outcome\""); i++) {
      Thread.sleep(100);
      after = site.get("/admin/draft").body();
    }
    assertThat(after)
        .contains("Edition #13 approved and delivered to an audience of 2.")
        .contains("edition #13 was sent");
    assertThat(site.app.drafts().current()).isEmpty();
    assertThat(site.app.editions().find(site.app.config().digest().id(), 13).orElseThrow().status())
        .isEqualTo(StoredEdition.SENT);

    // The same form again (a double click, a reload): refused in words, nothing sent.
    HttpResponse<String> again = site.post("/admin/draft/approve", form);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("there is no draft: edition #13 was sent");
    Thread.sleep(500);
    assertThat(site.mails()).isEqualTo(2);
    assertThat(site.app.drafts().changes())
        .extracting(DraftLogRepository.Change::actor)
        .containsExactly("admin");
  }

  @Test
  void discardDeletesTheDraftAndASecondDiscardIsRefused() throws Exception {
    threeItems();
    assertThat(post("discard", "").statusCode()).isEqualTo(400);
    assertThat(site.app.drafts().current()).isPresent();

    String page = site.get("/admin/draft").body();
    String form =
        "csrf=" + field(page, "csrf") + "&version=" + field(page, "version") + "&confirm=yes";
    String where = location(site.post("/admin/draft/discard", form));
    assertThat(where).isEqualTo("/admin/draft?done=discarded");
    assertThat(site.app.drafts().current()).isEmpty();
    assertThat(site.get(where).body()).contains("The draft was discarded");

    HttpResponse<String> again = site.post("/admin/draft/discard", form);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("there is no draft");
    assertThat(site.mails()).isZero();
  }

  @Test
  void anArticleThatCannotBeReadIsRefusedAndNothingIsAdded() throws Exception {
    threeItems();
    HttpResponse<String> notUrl = post("add", "url=" + enc("javascript:alert(1)"));
    assertThat(notUrl.statusCode()).isEqualTo(400);
    assertThat(notUrl.body()).contains("not an http(s) URL");
    HttpResponse<String> nowhere = post("add", "url=" + enc("http://127.0.0.1:9/article"));
    assertThat(nowhere.statusCode()).isEqualTo(400);
    assertThat(nowhere.body()).contains("no article could be read");
    assertThat(stored().items()).hasSize(3);
  }
}
