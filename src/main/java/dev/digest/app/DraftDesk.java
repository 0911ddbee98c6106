package dev.digest.app;

import dev.digest.config.DigestSettings;
import dev.digest.edition.Curation;
import dev.digest.edition.DraftEdit;
import dev.digest.edition.DraftLogRepository;
import dev.digest.edition.Edition;
import dev.digest.edition.EditionItem;
import dev.digest.edition.ItemKeys;
import dev.digest.edition.StoredEdition;
import dev.digest.extract.ArticlePreparer;
import dev.digest.feed.Article;
import dev.digest.mail.MailException;
import dev.digest.mail.OutgoingMail;
import dev.digest.render.RenderedDigest;
import dev.digest.subscribe.SubscriptionService;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The editor's desk (digest.approval: required): the draft waiting for approval, the changes made
 * to it, the "draft ready" mail and the deadline. Every change is applied to the draft under its
 * row lock, re-rendered and stored with a line in the draft's record in one transaction, so the
 * preview, the approved mail and the archive show exactly what the editor left. Approval itself is
 * {@link DigestRun#approve}: it sends the way every edition is sent.
 */
public final class DraftDesk {

  private static final Logger log = LoggerFactory.getLogger(DraftDesk.class);

  private final DigestApp app;

  DraftDesk(DigestApp app) {
    this.app = app;
  }

  /** No draft to act on, or the one named was sent; the message says which and what to do. */
  public static final class NoDraftException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NoDraftException(String message) {
      super(message);
    }
  }

  /**
   * The draft is no longer the one a change was made against (another editor, or the command line,
   * changed it in between); nothing was changed.
   */
  public static final class StaleDraftException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StaleDraftException(String message) {
      super(message);
    }
  }

  /** The draft waiting for approval, if any. */
  public Optional<StoredEdition> current() {
    return app.editions().draft(digestId());
  }

  /** The draft, or refused with why there is none. */
  public StoredEdition require() {
    return current().orElseThrow(() -> new NoDraftException(app.run().noDraftReason(digestId())));
  }

  /** The record of changes to the current draft (or the latest edition's, when none waits). */
  public List<DraftLogRepository.Change> changes() {
    Optional<StoredEdition> e = current().or(() -> app.editions().latest(digestId()));
    return e.map(x -> app.draftLog().changes(digestId(), x.edition().number())).orElse(List.of());
  }

  /**
   * Applies one change to the draft, as {@code actor} ({@code cli:<user>}, {@code admin:<user>}).
   *
   * @throws Curation.RefusedEdit a position that does not exist, an empty bullet (nothing changed)
   * @throws NoDraftException no draft waits (approved, discarded or never built)
   */
  public StoredEdition apply(DraftEdit edit, String actor) {
    return apply(edit, actor, draft -> true);
  }

  /**
   * As {@link #apply(DraftEdit, String)}, only to the draft {@code expected} accepts (the version
   * an editor's page showed: a position means the item that page showed there). It is tested on the
   * draft as locked for the change, so no other change can come between the test and this one.
   *
   * @throws StaleDraftException the draft is not the expected one; nothing changed
   */
  public StoredEdition apply(
      DraftEdit edit, String actor, java.util.function.Predicate<StoredEdition> expected) {
    long id = require().id();
    Instant now = app.clock().instant();
    Optional<StoredEdition> done =
        app.database()
            .inTransaction(
                c -> {
                  Optional<StoredEdition> locked = app.editions().lockDraft(c, id);
                  if (locked.isEmpty()) {
                    return Optional.<StoredEdition>empty();
                  }
                  StoredEdition before = locked.get();
                  if (!expected.test(before)) {
                    throw new StaleDraftException(
                        "the draft changed since this change was made against it");
                  }
                  // Stored, an edition's title is its subject: render under the digest's own.
                  Edition after =
                      Curation.apply(before.edition(), edit)
                          .withTitle(app.config().digest().title());
                  RenderedDigest r = app.renderer().render(after);
                  app.editions().replaceDraft(c, id, after, r.subject(), r.html(), r.text());
                  if (edit instanceof DraftEdit.Drop && ((DraftEdit.Drop) edit).forever()) {
                    // Never again: marked seen now, as a sent item is, whatever becomes of the
                    // draft.
                    List<String> keys = new ArrayList<>();
                    for (int p : ((DraftEdit.Drop) edit).positions()) {
                      keys.add(before.edition().items().get(p - 1).key());
                    }
                    // In every cadence: "never again" means for every reader.
                    for (String cadence : app.liveConfig().get().digest().cadenceNames()) {
                      app.seenItems().markSeen(c, keys, id, now, cadence);
                    }
                  }
                  app.draftLog()
                      .record(
                          c,
                          after.digestId(),
                          after.number(),
                          new DraftLogRepository.Change(
                              now, actor, edit.action(), edit.describe()));
                  return Optional.of(
                      new StoredEdition(
                          id,
                          after,
                          r.subject(),
                          r.html(),
                          r.text(),
                          StoredEdition.DRAFT,
                          before.approveBy()));
                });
    StoredEdition result =
        done.orElseThrow(() -> new NoDraftException(app.run().noDraftReason(digestId())));
    log.info(
        "draft changed number={} actor={} action={} items={}",
        result.edition().number(),
        actor,
        edit.action(),
        result.edition().items().size());
    return result;
  }

  /**
   * {@code digest draft add URL}: the article at {@code url} fetched, its main content found,
   * sanitized and condensed like a feed's; the change to hand to {@link #apply}.
   *
   * @throws Curation.RefusedEdit not an http(s) URL, or no article could be read there
   */
  public DraftEdit.Add fetchArticle(String url) {
    String u = url == null ? "" : url.strip();
    URI uri;
    try {
      uri = new URI(u);
    } catch (java.net.URISyntaxException e) {
      throw new Curation.RefusedEdit("not a URL: '" + u + "'");
    }
    if (uri.getHost() == null
        || uri.getScheme() == null
        || !(uri.getScheme().equalsIgnoreCase("http")
            || uri.getScheme().equalsIgnoreCase("https"))) {
      throw new Curation.RefusedEdit("not an http(s) URL: '" + u + "'");
    }
    StoredEdition draft = require();
    try (ArticlePreparer preparer = app.articlePreparer()) {
      ArticlePreparer.Page page =
          preparer
              .fetchPage(u)
              .orElseThrow(
                  () ->
                      new Curation.RefusedEdit(
                          "no article could be read at "
                              + u
                              + " (unreachable, not HTML, or no main content found)"));
      String host = uri.getHost().toLowerCase(Locale.ROOT);
      String source = host.startsWith("www.") ? host.substring(4) : host;
      String title = page.title().isBlank() ? u : page.title().strip();
      Article raw =
          new Article(
              u,
              source,
              "",
              "",
              title,
              u,
              "",
              app.clock().instant(),
              Optional.empty(),
              page.mainContent(),
              page.image());
      // Sanitized as every feed's content is; never fetched again (it is the page already).
      Article prepared = preparer.prepareFetched(raw);
      String key = ItemKeys.of(prepared);
      for (EditionItem item : draft.edition().items()) {
        if (item.key().equals(key)) {
          throw new Curation.RefusedEdit(
              "already in the draft at position " + item.position() + ": " + item.title());
        }
      }
      EditionItem item = app.editionBuilder().itemOf(prepared, draft.edition().items().size() + 1);
      return new DraftEdit.Add(item);
    }
  }

  /** {@code digest draft discard}: the draft is deleted; its articles may enter the next one. */
  public Edition discard(String actor) {
    StoredEdition draft = require();
    Instant now = app.clock().instant();
    boolean deleted =
        app.database()
            .inTransaction(
                c -> {
                  if (!app.editions().deleteDraft(c, draft.id())) {
                    return false;
                  }
                  Edition e = draft.edition();
                  app.draftLog()
                      .record(
                          c,
                          e.digestId(),
                          e.number(),
                          new DraftLogRepository.Change(
                              now,
                              actor,
                              "discard",
                              "discarded with " + e.items().size() + " items"));
                  return true;
                });
    if (!deleted) {
      throw new NoDraftException(app.run().noDraftReason(digestId()));
    }
    log.info("draft discarded number={} actor={}", draft.edition().number(), actor);
    return draft.edition();
  }

  /**
   * A draft past its deadline is dropped or sent, as digest.approval-deadline-action says; run by
   * serve every few seconds and before every scheduled run. Two nodes may both try: the draft's row
   * lets exactly one act. Returns what was done, if anything.
   */
  public Optional<String> enforceDeadline() {
    Optional<StoredEdition> draft = current();
    Instant now = app.clock().instant();
    if (draft.isEmpty()
        || draft.get().approveBy() == null
        || now.isBefore(draft.get().approveBy())) {
      return Optional.empty();
    }
    DigestSettings live = app.liveConfig().get().digest();
    int number = draft.get().edition().number();
    try {
      if (DigestSettings.DEADLINE_SEND.equals(live.approvalDeadlineAction())) {
        DigestRun.Approval a =
            app.run().approve("deadline", dev.digest.delivery.DeliveryListener.NONE);
        if (a instanceof DigestRun.Approval.Sent) {
          log.warn("draft not approved by its deadline: sent as it stood number={}", number);
          return Optional.of("sent");
        }
        return Optional.empty();
      }
      discard("deadline");
      log.warn(
          "draft not approved by its deadline: dropped number={} (its articles may come"
              + " in the next draft)",
          number);
      return Optional.of("dropped");
    } catch (NoDraftException e) {
      return Optional.empty(); // another node (or an editor) acted first
    }
  }

  /**
   * Mails the "draft ready" note to every editor; returns those it reached. A failure is logged and
   * does not stop the others: the draft waits either way, and {@code digest draft show} shows it.
   */
  List<String> tellEditors(long draftId) {
    Optional<StoredEdition> found = app.editions().find(draftId);
    if (found.isEmpty()) {
      return List.of();
    }
    StoredEdition draft = found.get();
    DigestSettings live = app.liveConfig().get().digest();
    String from = app.config().mail().from();
    String domain = SubscriptionService.fromDomain(from);
    String subject = "Draft ready for approval: " + draft.subject();
    String text = readyText(draft, live);
    String html = readyHtml(text);
    List<String> reached = new ArrayList<>();
    for (String editor : live.editors()) {
      String messageId =
          "draft."
              + draft.edition().number()
              + "."
              + Long.toHexString(app.clock().millis())
              + "."
              + reached.size()
              + "@"
              + domain;
      OutgoingMail mail =
          new OutgoingMail(
              from,
              editor,
              subject,
              text,
              html,
              messageId,
              app.clock().instant(),
              Map.of("Auto-Submitted", "auto-generated"));
      try {
        app.mailer().send(mail);
        reached.add(editor);
      } catch (MailException | RuntimeException e) {
        log.warn("draft ready mail failed editor={} error={}", editor, e.getMessage());
      }
    }
    return reached;
  }

  private String readyText(StoredEdition draft, DigestSettings live) {
    Edition e = draft.edition();
    StringBuilder b = new StringBuilder();
    b.append("Edition #")
        .append(e.number())
        .append(" of ")
        .append(live.title())
        .append(" is ready for your review, with ")
        .append(e.items().size())
        .append(e.items().size() == 1 ? " article" : " articles")
        .append(". Nothing goes to readers until an editor approves it.\n\n");
    for (EditionItem item : e.items()) {
      b.append("  ").append(item.position()).append(". ").append(item.title());
      if (!item.source().isBlank()) {
        b.append(" (").append(item.source()).append(')');
      }
      b.append('\n');
    }
    b.append("\nReview, curate and approve it:\n").append(live.baseUrl()).append("/admin/draft\n");
    b.append("\nOr on the server: digest draft show, then digest draft approve.\n");
    if (draft.approveBy() != null) {
      String when =
          DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm z", Locale.ENGLISH)
              .withZone(live.timeZone())
              .format(draft.approveBy());
      b.append("\nIf it is not approved by ")
          .append(when)
          .append(", it will be ")
          .append(
              DigestSettings.DEADLINE_SEND.equals(live.approvalDeadlineAction())
                  ? "sent as it stands."
                  : "dropped (its articles come again in the next draft).")
          .append('\n');
    }
    return b.toString();
  }

  /** The same words as HTML: escaped, the link made clickable. */
  private static String readyHtml(String text) {
    StringBuilder b =
        new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
    for (String para : text.split("\n\n")) {
      String escaped = org.jsoup.nodes.Entities.escape(para.strip());
      escaped = escaped.replaceAll("(https?://\\S+)", "<a href=\"$1\">$1</a>");
      b.append("<p>").append(escaped.replace("\n", "<br>")).append("</p>");
    }
    return b.append("</body></html>").toString();
  }

  private String digestId() {
    return app.config().digest().id();
  }
}
