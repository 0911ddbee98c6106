package dev.digest.web;

import dev.digest.app.DeliveryTally;
import dev.digest.app.DeliveryView;
import dev.digest.app.DigestRun;
import dev.digest.app.DraftDesk;
import dev.digest.config.DigestSettings;
import dev.digest.edition.Curation;
import dev.digest.edition.DraftEdit;
import dev.digest.edition.DraftLogRepository;
import dev.digest.edition.EditionItem;
import dev.digest.edition.StoredEdition;
import dev.digest.render.DigestTemplate;
import dev.digest.render.PersonalLinks;
import dev.digest.subscribe.SubscriberRepository;
import dev.digest.subscribe.SubscriberStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/draft}: the editor's desk in the browser (digest.approval: required). The draft
 * waiting for approval with its note, its items and a preview of the mail; a form per change of
 * {@link DraftEdit}; approve (sent in the background, the page follows its progress) and discard;
 * the record of changes. Every change goes through {@link DraftDesk}, the same path as the {@code
 * digest draft} command. Under the /admin guard of {@link AdminPages}; every form carries the CSRF
 * token and the draft's version, so a form from a page that no longer matches the draft changes
 * nothing.
 */
final class DraftPages {

  private static final Logger log = LoggerFactory.getLogger(DraftPages.class);

  static final String PATH = "/admin/draft";

  /** The guard knows no user name (loopback, or one shared token): the record says admin. */
  static final String ACTOR = "admin";

  /** Characters of an editor's comment: one line under a title, not an essay. */
  static final int COMMENT_CHARS = 500;

  /** What the page says after a change, by the {@code done} its redirect carries. */
  static final Map<String, String> DONE =
      Map.of(
          "note", "The note was saved.",
          "dropped", "The item was dropped.",
          "dropped-forever", "The item was dropped and will not come back in a later edition.",
          "pinned", "The item was pinned first.",
          "moved", "The item was moved.",
          "commented", "The comment was saved.",
          "edited", "The bullets were saved.",
          "added", "The article was added at the end.",
          "unchanged", "Nothing to change: the bullets are as they were.",
          "discarded", "The draft was discarded: its articles may come in the next one.");

  /** The page's policy plus frames from this site: the mail preview is an iframe of ours. */
  private static final String PAGE_CSP = SecurityHeaders.CSP + "; frame-src 'self'";

  /** The preview: no script (sandbox), the mail's inline styles, framed by our page only. */
  private static final String PREVIEW_CSP =
      "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src https: data:;"
          + " frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

  /**
   * What the desk reads and starts.
   *
   * @param drafts every change to the draft, the same path as {@code digest draft}
   * @param run approves the draft, sending it in the background
   * @param deliveries the approved edition's tally, which the page follows
   */
  record Sources(
      DigestSettings digest,
      DraftDesk drafts,
      DigestRun run,
      DeliveryView deliveries,
      SubscriberRepository subscribers,
      Clock clock) {}

  private final Sources sources;
  private final Pages pages;
  private final Csrf csrf;
  private final AtomicReference<ApprovalJob> job = new AtomicReference<>();

  DraftPages(Sources sources, Pages pages, Csrf csrf) {
    this.sources = sources;
    this.pages = pages;
    this.csrf = csrf;
  }

  /** Registered after {@link AdminPages#routes}, whose {@code /admin/*} guard runs first. */
  void routes(RoutesConfig r) {
    r.get(PATH, ctx -> page(ctx, 200, ""));
    r.get(PATH + "/preview", this::preview);
    r.post(
        PATH + "/note",
        ctx -> change(ctx, "note", () -> new DraftEdit.Note(text(ctx, "note").strip())));
    r.post(
        PATH + "/drop",
        ctx -> {
          boolean forever = "yes".equals(ctx.formParam("forever"));
          change(
              ctx,
              forever ? "dropped-forever" : "dropped",
              () -> new DraftEdit.Drop(List.of(position(ctx, "position")), forever));
        });
    r.post(
        PATH + "/pin",
        ctx -> change(ctx, "pinned", () -> new DraftEdit.Pin(position(ctx, "position"))));
    r.post(
        PATH + "/move",
        ctx ->
            change(
                ctx,
                "moved",
                () -> new DraftEdit.Move(position(ctx, "position"), position(ctx, "to"))));
    r.post(
        PATH + "/comment",
        ctx ->
            change(
                ctx,
                "commented",
                () -> new DraftEdit.Comment(position(ctx, "position"), comment(ctx))));
    r.post(PATH + "/edit", this::edit);
    r.post(
        PATH + "/add",
        ctx -> change(ctx, "added", () -> sources.drafts().fetchArticle(text(ctx, "url"))));
    r.post(PATH + "/approve", this::approve);
    r.post(PATH + "/discard", this::discard);
  }

  /** A change built from the form; {@link Curation.RefusedEdit} for input that makes none. */
  @FunctionalInterface
  private interface EditOf {
    DraftEdit make();
  }

  /**
   * Checks the form (token, version), applies the change and redirects with {@code done}; a refused
   * change or a missing draft shows the page again with why, and nothing changed.
   */
  private void change(Context ctx, String done, EditOf edit) {
    if (!checked(ctx)) {
      return;
    }
    try {
      DraftEdit e = edit.make();
      String sent = text(ctx, "version");
      sources.drafts().apply(e, ACTOR, d -> version(d).equals(sent));
      log.info("admin draft change action={}", e.action());
      done(ctx, done);
    } catch (Curation.RefusedEdit e) {
      page(ctx, 400, e.getMessage());
    } catch (DraftDesk.NoDraftException e) {
      page(ctx, 409, e.getMessage());
    } catch (DraftDesk.StaleDraftException e) {
      page(ctx, 409, CHANGED_MEANWHILE); // in the moment since checked() looked
    }
  }

  /** New bullets; a textarea left empty, or as it was, keeps that list (the API's empty list). */
  private void edit(Context ctx) {
    if (!checked(ctx)) {
      return;
    }
    int position;
    try {
      position = position(ctx, "position");
    } catch (Curation.RefusedEdit e) {
      page(ctx, 400, e.getMessage());
      return;
    }
    Optional<EditionItem> item =
        sources
            .drafts()
            .current()
            .flatMap(
                d ->
                    d.edition().items().stream().filter(i -> i.position() == position).findFirst());
    List<String> quick = changedLines(text(ctx, "quick"), item.map(EditionItem::quickSummary));
    List<String> takeaways = changedLines(text(ctx, "takeaways"), item.map(EditionItem::takeaways));
    if (item.isPresent() && quick.isEmpty() && takeaways.isEmpty()) {
      done(ctx, "unchanged");
      return;
    }
    // A position that is not there goes to the desk anyway: its refusal says what exists. (The
    // form is checked again there: cheap, and change() stays the one way in.)
    change(ctx, "edited", () -> new DraftEdit.Rewrite(position, quick, takeaways));
  }

  /** One bullet per non-blank line; empty when the lines are none or the same as {@code now}. */
  static List<String> changedLines(String text, Optional<List<String>> now) {
    List<String> lines =
        text.lines().map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    return now.isPresent() && now.get().equals(lines) ? List.of() : lines;
  }

  private void approve(Context ctx) {
    if (!checked(ctx)) {
      return;
    }
    if (!"yes".equals(ctx.formParam("confirm"))) {
      page(
          ctx,
          400,
          "Tick the box to confirm: approving sends the draft to every active subscriber.");
      return;
    }
    ApprovalJob running = job.get();
    if (running != null && running.running()) {
      page(
          ctx,
          409,
          "Edition #"
              + running.number
              + " is already being approved and sent: "
              + "nothing else was done.");
      return;
    }
    StoredEdition draft;
    try {
      draft = sources.drafts().require();
    } catch (DraftDesk.NoDraftException e) {
      page(ctx, 409, e.getMessage());
      return;
    }
    ApprovalJob fresh =
        new ApprovalJob(
            draft.id(), draft.edition().number(), sources.clock().instant(), text(ctx, "version"));
    if (!job.compareAndSet(running, fresh)) {
      page(ctx, 409, "Another approval started a moment ago: nothing else was done.");
      return;
    }
    // The delivery takes as long as the audience is big: the browser follows it on a page.
    Thread t = new Thread(() -> fresh.run(sources.run(), sources.deliveries()), "admin-approve");
    t.setDaemon(true);
    t.start();
    log.info("admin draft approval started number={}", draft.edition().number());
    awaitTaken(fresh);
    ctx.redirect(PATH, HttpStatus.SEE_OTHER);
  }

  /**
   * Waits a moment for the approval to take the draft (it leaves "draft" before the first mail), so
   * the page the browser is sent to shows the delivery, not the draft it just approved.
   */
  private void awaitTaken(ApprovalJob approval) {
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    try {
      while (approval.running()
          && sources.drafts().current().isPresent()
          && System.nanoTime() < until) {
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void discard(Context ctx) {
    if (!checked(ctx)) {
      return;
    }
    if (!"yes".equals(ctx.formParam("confirm"))) {
      page(ctx, 400, "Tick the box to confirm: a discarded draft cannot be brought back.");
      return;
    }
    try {
      sources.drafts().discard(ACTOR);
      done(ctx, "discarded");
    } catch (DraftDesk.NoDraftException e) {
      page(ctx, 409, e.getMessage());
    }
  }

  private static final String CHANGED_MEANWHILE =
      "The draft changed since this page was loaded (another editor, or the"
          + " command line): nothing was changed. Look at it again below and retry.";

  /**
   * The CSRF token, then the version: a form from a page showing another draft, or the items in
   * another order (an editor elsewhere moved or dropped one), would act on the wrong item.
   */
  private boolean checked(Context ctx) {
    if (!csrf.valid(ctx)) {
      pages.message(ctx, 403, "Form expired", "Please reload the draft page and try again.");
      return false;
    }
    Optional<StoredEdition> draft = sources.drafts().current();
    String sent = text(ctx, "version");
    if (draft.isPresent() && !version(draft.get()).equals(sent)) {
      page(ctx, 409, CHANGED_MEANWHILE);
      return false;
    }
    return true;
  }

  /** The draft's number and its items' keys in order: what a position in a form refers to. */
  static String version(StoredEdition draft) {
    StringBuilder b =
        new StringBuilder().append(draft.id()).append('#').append(draft.edition().number());
    draft.edition().items().forEach(i -> b.append('\n').append(i.key()));
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A 1-based position from the form; anything else is refused in words. */
  static int position(Context ctx, String field) {
    String v = text(ctx, field).strip();
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new Curation.RefusedEdit(
          v.isEmpty()
              ? "a position is needed: the number shown before the item"
              : "a position is a whole number, the one shown before the item");
    }
  }

  private static String comment(Context ctx) {
    String c = text(ctx, "text").strip().replaceAll("\\s+", " ");
    if (c.length() > COMMENT_CHARS) {
      throw new Curation.RefusedEdit(
          "a comment is one line of at most " + COMMENT_CHARS + " characters");
    }
    return c;
  }

  private static String text(Context ctx, String field) {
    return Optional.ofNullable(ctx.formParam(field)).orElse("");
  }

  /** Post/redirect/get with a word from {@link #DONE}: never text from the request. */
  private static void done(Context ctx, String what) {
    ctx.redirect(PATH + "?done=" + what, HttpStatus.SEE_OTHER);
  }

  private void page(Context ctx, int status, String error) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("csrf", csrf.token(ctx));
    vars.put("error", error);
    vars.put(
        "notice", DONE.getOrDefault(Optional.ofNullable(ctx.queryParam("done")).orElse(""), ""));
    // The last approval started here: its progress while it runs, then how it ended.
    ApprovalJob approval = job.get();
    vars.put("approval", approval == null ? null : approval.view());
    vars.put("tally", approval == null ? null : sources.deliveries().tally(approval.editionId));
    vars.put("refresh", approval != null && approval.running());
    try {
      StoredEdition draft = sources.drafts().require();
      vars.put("draft", View.of(draft, sources.digest().timeZone()));
      vars.put("version", version(draft));
      vars.put(
          "audience",
          sources.subscribers().countByStatus().getOrDefault(SubscriberStatus.ACTIVE, 0));
      vars.put("noDraft", "");
    } catch (DraftDesk.NoDraftException e) {
      vars.put("draft", null);
      vars.put("noDraft", e.getMessage());
    }
    vars.put("changes", View.changes(sources.drafts().changes()));
    ctx.header("Content-Security-Policy", PAGE_CSP);
    pages.render(ctx, status, "draft.html", vars);
  }

  /** The draft's mail as a reader gets it (generic unsubscribe link), for the page's iframe. */
  private void preview(Context ctx) {
    // Framable either way: the page's frame may ask just after an approval or discard elsewhere.
    ctx.header("Content-Security-Policy", PREVIEW_CSP);
    ctx.header("X-Frame-Options", "SAMEORIGIN");
    Optional<StoredEdition> draft = sources.drafts().current();
    if (draft.isEmpty()) {
      ctx.status(404)
          .contentType("text/plain; charset=utf-8")
          .result("There is no draft to preview (approved or discarded): reload the draft page.");
      return;
    }
    StoredEdition d = draft.get();
    String html =
        DigestTemplate.of(d).fill(PersonalLinks.generic(sources.digest().baseUrl())).html();
    ctx.contentType("text/html; charset=utf-8").result(html);
  }

  /** Plain maps for the template: it never reaches into our classes. */
  static final class View {
    private static final DateTimeFormatter WHEN =
        DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm z", Locale.ENGLISH);

    static Map<String, Object> of(StoredEdition d, java.time.ZoneId zone) {
      Map<String, Object> m = new HashMap<>();
      m.put("number", d.edition().number());
      m.put("subject", d.subject());
      m.put("deadline", d.approveBy() == null ? "" : WHEN.withZone(zone).format(d.approveBy()));
      m.put("note", d.edition().note());
      List<Map<String, Object>> items = new ArrayList<>();
      for (EditionItem i : d.edition().items()) {
        items.add(item(i));
      }
      m.put("items", items);
      m.put("count", items.size());
      return m;
    }

    static Map<String, Object> item(EditionItem i) {
      Map<String, Object> m = new HashMap<>();
      m.put("position", i.position());
      m.put("title", i.title());
      // A feed's link goes into an href only when it is http(s): no javascript: or data: links.
      m.put("link", isHttp(i.link()) ? i.link() : "");
      m.put("source", i.source() == null ? "" : i.source());
      m.put("method", i.method() == null ? "" : i.method());
      m.put("quick", i.quickSummary());
      m.put("takeaways", i.takeaways());
      m.put("quickText", String.join("\n", i.quickSummary()));
      m.put("takeawaysText", String.join("\n", i.takeaways()));
      m.put("comment", i.comment());
      return m;
    }

    static List<Map<String, Object>> changes(List<DraftLogRepository.Change> changes) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (DraftLogRepository.Change c : changes) {
        out.add(
            Map.of(
                "at",
                c.at().truncatedTo(ChronoUnit.SECONDS).toString(),
                "actor",
                c.actor(),
                "action",
                c.action(),
                "detail",
                c.detail()));
      }
      return out;
    }

    static boolean isHttp(String url) {
      String u = url == null ? "" : url.toLowerCase(Locale.ROOT);
      return u.startsWith("https://") || u.startsWith("http://");
    }

    private View() {}
  }

  /** One approval running in the background; the draft page shows its progress and outcome. */
  static final class ApprovalJob {
    final long editionId;
    final int number;
    final Instant started;
    private volatile boolean running = true;
    private volatile boolean failed;
    private volatile String outcome = "";

    /** The version of the draft the approver's page showed: only that one is sent. */
    private final String version;

    ApprovalJob(long editionId, int number, Instant started, String version) {
      this.editionId = editionId;
      this.number = number;
      this.started = started;
      this.version = version;
    }

    void run(DigestRun run, DeliveryView deliveries) {
      try {
        // No listener (null is the runner's NONE): web may not reach into delivery, and the page
        // reads the edition's tally instead.
        DigestRun.Approval a = run.approve(ACTOR, null, d -> version(d).equals(version));
        if (a instanceof DigestRun.Approval.Sent sent) {
          DeliveryTally left = deliveries.tally(sent.editionId());
          outcome =
              left.pending() + left.sending() == 0
                  ? "Edition #"
                      + sent.number()
                      + " approved and delivered to an audience of "
                      + sent.audience()
                      + "."
                  : "Edition #"
                      + sent.number()
                      + " approved; its delivery paused with "
                      + (left.pending() + left.sending())
                      + " to go: resume it from the send page.";
        } else {
          // Approved elsewhere (the command line, another node) or discarded a moment ago.
          failed = true;
          outcome = "Not sent: " + ((DigestRun.Approval.NoDraft) a).why();
        }
      } catch (RuntimeException e) {
        log.error("admin draft approval failed error={}", e.toString(), e);
        failed = true;
        outcome = "The approval failed: " + e;
      } finally {
        running = false;
      }
    }

    boolean running() {
      return running;
    }

    Map<String, Object> view() {
      Map<String, Object> m = new HashMap<>();
      m.put("running", running);
      m.put("failed", failed);
      m.put("outcome", outcome);
      m.put("started", started.truncatedTo(ChronoUnit.SECONDS).toString());
      m.put("number", number);
      return m;
    }
  }
}
