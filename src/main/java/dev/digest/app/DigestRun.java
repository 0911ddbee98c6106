package dev.digest.app;

import dev.digest.config.Cadence;
import dev.digest.config.DigestConfig;
import dev.digest.config.DigestSettings;
import dev.digest.config.FeedSettings;
import dev.digest.delivery.DeliveryListener;
import dev.digest.delivery.DeliveryReport;
import dev.digest.delivery.DeliveryRepository;
import dev.digest.delivery.DeliveryRunner;
import dev.digest.edition.DraftLogRepository;
import dev.digest.edition.Edition;
import dev.digest.edition.EditionBuilder;
import dev.digest.edition.EditionItem;
import dev.digest.edition.EditionRepository;
import dev.digest.edition.StoredEdition;
import dev.digest.extract.ArticlePreparer;
import dev.digest.extract.PreparedArticle;
import dev.digest.feed.Article;
import dev.digest.feed.FeedReader;
import dev.digest.feed.FeedResult;
import dev.digest.mail.MailException;
import dev.digest.mail.OutgoingMail;
import dev.digest.render.DigestTemplate;
import dev.digest.render.PersonalLinks;
import dev.digest.render.RenderedDigest;
import dev.digest.store.Database;
import dev.digest.subscribe.SubscriberStatus;
import dev.digest.subscribe.SubscriptionService;
import dev.digest.subscribe.TopicChoice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one operation schedule, CLI and web all trigger: fetch, prepare, build, render, and either
 * write a preview or store the edition with its frozen audience and deliver it. One run at a time
 * per process; across processes the unique (digest, number) of an edition keeps two nodes from
 * storing the same edition twice.
 */
public final class DigestRun {

  private static final Logger log = LoggerFactory.getLogger(DigestRun.class);

  private final DigestApp app;
  private final ReentrantLock lock = new ReentrantLock();

  DigestRun(DigestApp app) {
    this.app = app;
  }

  /**
   * Feeds read and the edition built from them, nothing written. {@code feeds} are the outcomes
   * only: their articles are not kept (the edition holds what it took).
   */
  public record Draft(List<FeedResult> feeds, Edition edition, RenderedDigest rendered) {

    /**
     * The feeds that could not be read this time, in config order: what a preview must show above
     * the edition (offline, firewalled, a broken feed), or an empty edition says nothing of why.
     */
    public List<FailedFeed> failedFeeds() {
      List<FailedFeed> out = new ArrayList<>();
      for (FeedResult r : feeds) {
        if (r instanceof FeedResult.Failed) {
          FeedResult.Failed f = (FeedResult.Failed) r;
          out.add(new FailedFeed(f.feed().url(), f.feed().name(), f.error()));
        }
      }
      return out;
    }
  }

  /** A feed that could not be read, and the one-line reason. */
  public record FailedFeed(String url, String name, String error) {}

  /**
   * One feed's outcome (its article lists dropped) and its articles the next edition could take,
   * each held as a light copy without its body plus the body in UTF-8. Selection needs no body, and
   * the bodies of a first run (4,000 articles of the benchmark, most of them non-ASCII, so UTF-16
   * in a String) are the largest live data of a send: about 70 MB as Strings, 30 as bytes.
   */
  private record Read(FeedResult result, List<Held> held) {
    static Read of(FeedResult r, Instant notBefore) {
      List<Article> all = List.of();
      FeedResult outcome = r;
      if (r instanceof FeedResult.Fetched) {
        FeedResult.Fetched f = (FeedResult.Fetched) r;
        all = f.articles();
        outcome = new FeedResult.Fetched(f.feed(), f.format(), List.of(), f.elapsed());
      } else if (r instanceof FeedResult.NotModified) {
        FeedResult.NotModified n = (FeedResult.NotModified) r;
        all = n.cached();
        outcome = new FeedResult.NotModified(n.feed(), n.elapsed(), List.of(), n.items());
      }
      List<Held> usable = new ArrayList<>();
      for (Article a : all) {
        if (!a.published().isBefore(notBefore)) {
          usable.add(new Held(a.withContent(""), a.contentHtml().getBytes(StandardCharsets.UTF_8)));
        }
      }
      return new Read(outcome, usable);
    }
  }

  /** An article without its body, and the body. */
  private record Held(Article light, byte[] content) {
    Article whole() {
      return light.withContent(new String(content, StandardCharsets.UTF_8));
    }
  }

  /** What {@link #send} came to. */
  public sealed interface SendResult {
    /** An edition was stored and delivered (completely, or paused: see the report). */
    record Delivered(long editionId, int number, int audience, DeliveryReport report)
        implements SendResult {}

    /** Nothing new in the feeds since the last edition: no edition built. */
    record NothingNew(List<FeedResult> feeds) implements SendResult {}

    /** An earlier edition is still being delivered; finish it with --resume first. */
    record Unfinished(long editionId, int number) implements SendResult {}

    /** --dry-run: what would be sent. */
    record DryRun(Draft draft, int audience) implements SendResult {}

    /** --to: the edition was sent to one address only; nothing recorded. */
    record TestSent(String to, int items) implements SendResult {}

    /** --resume and there was nothing to resume. */
    record NothingToResume() implements SendResult {}

    /**
     * digest.approval is required: the edition was stored as a draft and the editors were told;
     * nothing goes to readers until {@code digest draft approve}.
     *
     * @param notified the editors the "draft ready" mail reached
     */
    record DraftCreated(long editionId, int number, int items, List<String> notified)
        implements SendResult {}

    /** A draft is waiting for approval: no new edition is built until it is approved or dropped. */
    record DraftWaiting(long editionId, int number) implements SendResult {}
  }

  /** Options of {@code digest send}. */
  public record SendOptions(
      String to, boolean dryRun, boolean resume, boolean forceNew, String cadence) {
    /** Options for the default cadence. */
    public SendOptions(String to, boolean dryRun, boolean resume, boolean forceNew) {
      this(to, dryRun, resume, forceNew, "");
    }

    public static SendOptions normal() {
      return new SendOptions("", false, false, false);
    }

    /** The same options for another cadence ({@code ""} for the default). */
    public SendOptions forCadence(String name) {
      return new SendOptions(to, dryRun, resume, forceNew, name);
    }
  }

  /**
   * Reads every feed and builds the next edition; writes nothing but feed state (validators and the
   * articles behind them, so the next send still sees every article).
   */
  /** A cadence feeds.yml does not offer: the message names those it does. */
  public static final class UnknownCadenceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnknownCadenceException(String message) {
      super(message);
    }
  }

  /** The cadence named (the default for {@code ""}), or refused with the names offered. */
  public Cadence cadence(String name) {
    DigestSettings live = app.liveConfig().get().digest();
    if (name == null || name.isBlank()) {
      return live.defaultCadenceSettings();
    }
    return live.cadence(name.strip())
        .orElseThrow(
            () ->
                new UnknownCadenceException(
                    "unknown cadence '"
                        + name.strip()
                        + "': feeds.yml offers "
                        + String.join(", ", live.cadenceNames())));
  }

  /** {@link #draft(String)} of the default cadence. */
  public Draft draft() {
    return draft("");
  }

  /** The next edition of {@code cadence} ({@code ""}: the default), or the draft waiting. */
  public Draft draft(String cadenceName) {
    Cadence cadence = cadence(cadenceName);
    // A draft waiting for approval is the next edition: the editor's order, edits and note.
    Optional<StoredEdition> waiting =
        app.editions().draft(app.config().digest().id(), cadence.name());
    if (waiting.isPresent()) {
      // Stored, an edition's title is its subject: render under the digest's own.
      Edition e = waiting.get().edition().withTitle(app.config().digest().title());
      return new Draft(List.of(), e, app.renderer().render(e));
    }
    Built built = build(cadence);
    return new Draft(built.feeds(), built.edition(), app.renderer().render(built.edition()));
  }

  /** The feeds read and the edition built, not yet rendered. */
  private record Built(List<FeedResult> feeds, Edition edition) {}

  /**
   * Reads the feeds and builds the edition. Rendering is the caller's: a send with nothing new has
   * no use for it (the first render of a process starts the template engine, ~0.5 s).
   */
  private Built build(Cadence cadence) {
    // The feeds as serve last reloaded them: a feed added to feeds.yml is read by the next run.
    DigestConfig config = app.liveConfig().get();
    // Nothing published before the next edition's window starts (the end of the last edition, or
    // `window` ago) can enter it: such articles are dropped as each feed is read, and a 304's
    // cached articles are not even read when all are older (a "nothing new" send reads none).
    Instant windowStart = app.editionBuilder().nextWindowStart(cadence);
    List<Read> reads;
    try (FeedReader reader = app.feedReader(windowStart)) {
      // Disabled entries stay in the list (the admin page shows them) but are not read.
      reads = reader.readAll(config.enabledFeeds(), r -> Read.of(r, windowStart));
    }
    List<FeedResult> results = new ArrayList<>(reads.size());
    List<Article> articles = new ArrayList<>();
    Map<Article, Held> bodies = new IdentityHashMap<>();
    for (Read r : reads) {
      results.add(r.result());
      for (Held h : r.held()) {
        articles.add(h.light());
        bodies.put(h.light(), h);
      }
      if (r.result() instanceof FeedResult.Failed) {
        FeedResult.Failed f = (FeedResult.Failed) r.result();
        log.warn("feed failed feed_url={} error={}", f.feed().url(), f.error());
      }
    }
    Set<String> fullText =
        config.enabledFeeds().stream()
            .filter(FeedSettings::fullText)
            .map(FeedSettings::url)
            .collect(Collectors.toSet());
    // Selection first, on the raw articles; only what it picked is prepared (sanitized, its page
    // fetched if a teaser) and condensed: on a first run, 25 of the 4,000 read.
    EditionBuilder builder = app.editionBuilder();
    EditionBuilder.Selection selection = builder.select(articles, cadence);
    List<PreparedArticle> prepared;
    try (ArticlePreparer preparer = app.articlePreparer()) {
      List<Article> picked = new ArrayList<>();
      for (Article light : selection.articles()) {
        picked.add(bodies.get(light).whole());
      }
      prepared = preparer.prepareDetailed(picked, fullText);
    }
    return new Built(results, builder.buildPrepared(selection, prepared));
  }

  /** Files written by {@link #writePreview}. */
  public record PreviewFiles(Path html, Path text, Path eml, Draft draft) {}

  /** {@code digest preview}: writes digest.html, digest.txt and digest.eml; sends nothing. */
  public PreviewFiles writePreview(Path dir) throws IOException {
    return writePreview(dir, "");
  }

  /** {@code digest preview --cadence C}: as {@link #writePreview(Path)} for that cadence. */
  public PreviewFiles writePreview(Path dir, String cadence) throws IOException {
    Draft draft = draft(cadence);
    Files.createDirectories(dir);
    // The files and the .eml (composeOneOff) fill the draft's template as the archive and a
    // delivery do.
    DigestTemplate.Filled p =
        draft.rendered().template().fill(PersonalLinks.generic(app.config().digest().baseUrl()));
    Path html = dir.resolve("digest.html");
    Path text = dir.resolve("digest.txt");
    Path eml = dir.resolve("digest.eml");
    Files.writeString(html, p.html(), StandardCharsets.UTF_8);
    Files.writeString(text, p.text(), StandardCharsets.UTF_8);
    OutgoingMail mail =
        composeOneOff(
            draft,
            "preview@" + SubscriptionService.fromDomain(app.config().mail().from()),
            "preview");
    Files.write(eml, app.mime().toBytes(mail));
    return new PreviewFiles(html, text, eml, draft);
  }

  /**
   * As {@link #send(SendOptions, DeliveryListener)}, progress to the log only. {@link
   * DeliveryListener#NONE} itself, so the runner knows it need not count rows for progress.
   */
  public SendResult send(SendOptions options) {
    return send(options, DeliveryListener.NONE);
  }

  /** {@code digest send}: build and deliver the next edition, or resume an unfinished one. */
  public SendResult send(SendOptions options, DeliveryListener listener) {
    lock.lock();
    try {
      return sendLocked(options, listener);
    } finally {
      lock.unlock();
    }
  }

  private SendResult sendLocked(SendOptions options, DeliveryListener listener) {
    String digestId = app.config().digest().id();
    Cadence cadence = cadence(options.cadence()); // an unknown one is refused before any work
    List<StoredEdition> unfinished = app.editions().unfinished(digestId);
    if (options.resume()) {
      if (unfinished.isEmpty()) {
        return new SendResult.NothingToResume();
      }
      StoredEdition e = unfinished.get(0);
      log.info("resuming edition={} number={}", e.id(), e.edition().number());
      DeliveryReport report = runner().deliver(e.id(), listener, Duration.ZERO);
      flushOutbox();
      return new SendResult.Delivered(
          e.id(), e.edition().number(), report.counts().total(), report);
    }
    if (!options.to().isEmpty()) {
      Draft draft = draft(cadence.name());
      if (draft.edition().isEmpty()) {
        return new SendResult.NothingNew(draft.feeds());
      }
      OutgoingMail mail = composeOneOff(draft, options.to(), "test");
      try {
        app.mailer().send(mail);
      } catch (MailException e) {
        throw new DeliveryFailedException(
            "test send to " + options.to() + " failed: " + e.getMessage(), e);
      }
      flushOutbox();
      return new SendResult.TestSent(options.to(), draft.edition().items().size());
    }
    if (!unfinished.isEmpty() && !options.forceNew() && !options.dryRun()) {
      StoredEdition e = unfinished.get(0);
      return new SendResult.Unfinished(e.id(), e.edition().number());
    }
    if (options.dryRun()) {
      Draft draft = draft(cadence.name());
      return new SendResult.DryRun(
          draft, app.subscribers().countByStatus().getOrDefault(SubscriberStatus.ACTIVE, 0));
    }
    // One draft per cadence at a time: its next edition's window starts where the draft's ends,
    // so a second draft built beside it would take none of its articles and confuse the editor.
    app.drafts().enforceDeadline();
    Optional<StoredEdition> waiting = app.editions().draft(digestId, cadence.name());
    if (waiting.isPresent()) {
      log.info(
          "a draft waits for approval: no new edition built number={}",
          waiting.get().edition().number());
      return new SendResult.DraftWaiting(waiting.get().id(), waiting.get().edition().number());
    }
    Built built = build(cadence);
    if (built.edition().isEmpty()) {
      log.info("nothing new: no edition built");
      return new SendResult.NothingNew(built.feeds());
    }
    Edition edition = built.edition();
    RenderedDigest r = app.renderer().render(edition);
    Instant now = app.clock().instant();
    DigestSettings live = app.liveConfig().get().digest();
    if (live.approval()) {
      return storeDraft(edition, r, now, live);
    }
    // The edition, its items marked seen, and one delivery row per active subscriber: one
    // transaction, so the audience is frozen with the edition and a crash leaves all or nothing.
    DeliveryRunner runner = runner();
    long[] audience = new long[1];
    long editionId =
        app.database()
            .inTransaction(
                c -> {
                  long id = app.editions().insert(c, edition, r.subject(), r.html(), r.text());
                  app.seenItems()
                      .markSeen(
                          c,
                          edition.items().stream().map(EditionItem::key).toList(),
                          id,
                          now,
                          edition.cadence());
                  audience[0] = audienceWork(id, edition, runner).run(c);
                  return id;
                });
    log.info(
        "edition stored edition={} number={} items={} audience={}",
        editionId,
        edition.number(),
        edition.items().size(),
        audience[0]);
    DeliveryReport report = runner.deliver(editionId, listener);
    flushOutbox();
    return new SendResult.Delivered(editionId, edition.number(), (int) audience[0], report);
  }

  /**
   * Stores the edition as a draft (no delivery rows, nothing marked seen) and mails the editors the
   * "draft ready" note. Its deadline, when configured, counts from now.
   */
  private SendResult storeDraft(
      Edition edition, RenderedDigest r, Instant now, DigestSettings live) {
    Instant approveBy = live.approvalDeadline().map(now::plus).orElse(null);
    long id =
        app.database()
            .inTransaction(
                c -> {
                  long draftId =
                      app.editions()
                          .insert(
                              c,
                              edition,
                              r.subject(),
                              r.html(),
                              r.text(),
                              StoredEdition.DRAFT,
                              approveBy);
                  app.draftLog()
                      .record(
                          c,
                          edition.digestId(),
                          edition.number(),
                          new DraftLogRepository.Change(
                              now,
                              "system",
                              "create",
                              "built with "
                                  + edition.items().size()
                                  + " items"
                                  + (approveBy == null ? "" : ", approve by " + approveBy)));
                  return draftId;
                });
    log.info(
        "draft stored edition={} number={} items={} approve_by={}",
        id,
        edition.number(),
        edition.items().size(),
        approveBy);
    List<String> notified = app.drafts().tellEditors(id);
    flushOutbox();
    return new SendResult.DraftCreated(id, edition.number(), edition.items().size(), notified);
  }

  /** What {@link #approve} came to. */
  public sealed interface Approval {
    /** Approved now: the delivery (complete, or paused: see the report). */
    record Sent(long editionId, int number, int audience, DeliveryReport report)
        implements Approval {}

    /**
     * Nothing was approved: there was no draft (never built, or approved or discarded a moment ago,
     * maybe elsewhere), or not the one the approver was shown.
     */
    record NoDraft(String why) implements Approval {}
  }

  /**
   * {@code digest draft approve}: the draft goes out exactly as a scheduled edition does (items
   * marked seen, audience frozen now, resumable, once per subscriber). Of two approvals at once, on
   * one node or two, exactly one sends: the draft's row turns from draft to sending under its row
   * lock, and the other finds no draft.
   */
  public Approval approve(String actor, DeliveryListener listener) {
    return approve(actor, listener, draft -> true);
  }

  /** Said when the draft is not the one an approver was shown. */
  public static final String DRAFT_CHANGED =
      "the draft changed since it was shown (another editor, or the command line): nothing was"
          + " sent; look at it again";

  /**
   * As {@link #approve(String, DeliveryListener)}, only when the draft is the one {@code expected}
   * accepts (the version an editor's page showed): what is approved is what was seen. Tested on the
   * draft as locked for the approval, so no change can come between the test and the send.
   */
  public Approval approve(
      String actor,
      DeliveryListener listener,
      java.util.function.Predicate<StoredEdition> expected) {
    lock.lock();
    try {
      String digestId = app.config().digest().id();
      Optional<StoredEdition> found = app.editions().draft(digestId);
      if (found.isEmpty()) {
        return new Approval.NoDraft(noDraftReason(digestId));
      }
      long id = found.get().id();
      Instant now = app.clock().instant();
      DeliveryRunner runner = runner();
      Optional<long[]> approved;
      try {
        approved =
            app.database()
                .inTransaction(
                    c -> {
                      Optional<StoredEdition> locked = app.editions().lockDraft(c, id);
                      if (locked.isPresent() && !expected.test(locked.get())) {
                        // Nothing written yet: the transaction rolls back only the row lock.
                        throw new DraftDesk.StaleDraftException(DRAFT_CHANGED);
                      }
                      if (locked.isEmpty() || !app.editions().approve(c, id)) {
                        return Optional.<long[]>empty();
                      }
                      // As a scheduled edition: items seen, the audience frozen now.
                      Edition e = locked.get().edition();
                      app.seenItems()
                          .markSeen(
                              c,
                              e.items().stream().map(EditionItem::key).toList(),
                              id,
                              now,
                              e.cadence());
                      int audience =
                          audienceWork(id, e.withTitle(app.config().digest().title()), runner)
                              .run(c);
                      app.draftLog()
                          .record(
                              c,
                              e.digestId(),
                              e.number(),
                              new DraftLogRepository.Change(
                                  now,
                                  actor,
                                  "approve",
                                  "approved with "
                                      + e.items().size()
                                      + " items for "
                                      + audience
                                      + " subscribers"));
                      return Optional.of(new long[] {e.number(), audience});
                    });
      } catch (DraftDesk.StaleDraftException stale) {
        return new Approval.NoDraft(DRAFT_CHANGED);
      }
      if (approved.isEmpty()) {
        return new Approval.NoDraft(noDraftReason(digestId));
      }
      int number = (int) approved.get()[0];
      int audience = (int) approved.get()[1];
      log.info(
          "draft approved edition={} number={} actor={} audience={}", id, number, actor, audience);
      DeliveryReport report = runner.deliver(id, listener);
      flushOutbox();
      return new Approval.Sent(id, number, audience, report);
    } finally {
      lock.unlock();
    }
  }

  /** Why there is no draft, in words an editor can act on. */
  String noDraftReason(String digestId) {
    Optional<StoredEdition> latest = app.editions().latest(digestId);
    return latest
        .map(
            e ->
                "there is no draft: edition #"
                    + e.edition().number()
                    + " was "
                    + (e.finished() ? "sent" : "approved and is being sent")
                    + "; the next draft is built at the next scheduled run or by 'digest send'")
        .orElse(
            "there is no draft: none has been built yet (the schedule or 'digest send' builds"
                + " one when digest.approval is required)");
  }

  /**
   * The edition's audience, frozen in the caller's transaction: one row per active reader of its
   * cadence. Readers who left topics (or feeds) out get a body without those items, rendered here
   * once per distinct set of items kept and stored with the edition ({@code edition_variant}), so a
   * resumed delivery sends the same; a choice that leaves nothing makes its rows {@code skipped}.
   * Returns how many rows will be sent.
   */
  private Database.SqlWork<Integer> audienceWork(long id, Edition edition, DeliveryRunner runner) {
    return c -> {
      Audience who = audienceOf(edition.cadence());
      DeliveryRepository.MessageIds ids = runner.messageIds(id);
      int total = 0;
      int variant = 0;
      // Choices that keep the same items share one body: "no crafts" and "not the crafts feed"
      // may well be the same edition, and a feed since removed from feeds.yml changes nothing.
      java.util.Map<List<String>, Integer> bodies = new java.util.HashMap<>();
      for (DeliveryRepository.ReaderChoice choice :
          app.deliveries()
              .readerChoices(c, who.cadence(), who.isDefault(), who.offered(), who.byFeed())) {
        // TopicChoice.parse takes null (feed choice off) and '' as "none".
        Edition forChoice =
            edition.without(TopicChoice.parse(choice.topics()), TopicChoice.parse(choice.feeds()));
        int kept = forChoice.items().size();
        int body = 0;
        String status = DeliveryRepository.PENDING;
        if (kept == 0) {
          status = DeliveryRepository.SKIPPED;
        } else if (kept < edition.items().size()) {
          List<String> keys = forChoice.items().stream().map(EditionItem::key).toList();
          Integer made = bodies.get(keys);
          if (made == null) {
            made = ++variant;
            bodies.put(keys, made);
            RenderedDigest r = app.renderer().render(forChoice);
            app.editions()
                .insertVariant(
                    c,
                    id,
                    new EditionRepository.Variant(
                        made,
                        choice.topics(),
                        choice.feeds() == null ? "" : choice.feeds(),
                        r.subject(),
                        r.html(),
                        r.text(),
                        kept));
          }
          body = made;
        }
        int rows =
            app.deliveries()
                .createFor(
                    c,
                    id,
                    ids,
                    who.cadence(),
                    who.isDefault(),
                    who.offered(),
                    choice,
                    body,
                    status);
        if (kept == 0) {
          log.info(
              "readers skipped: their choice leaves nothing edition={} excluded_topics={}"
                  + " excluded_feeds={} readers={}",
              id,
              choice.topics(),
              choice.feeds(),
              rows);
        } else {
          total += rows;
        }
      }
      return total;
    };
  }

  /**
   * Who gets an edition of {@code cadence}: see {@code DeliveryRepository.createFor}; {@code
   * byFeed}: whether readers' feed choices count ({@code digest.reader-feed-choice}).
   */
  private record Audience(
      String cadence, boolean isDefault, List<String> offered, boolean byFeed) {}

  private Audience audienceOf(String cadence) {
    DigestSettings live = app.liveConfig().get().digest();
    return new Audience(
        cadence,
        cadence.equals(live.defaultCadence()),
        live.cadenceNames(),
        live.readerFeedChoice());
  }

  private DeliveryRunner runner() {
    return app.deliveryRunner();
  }

  private void flushOutbox() {
    app.devOutbox().ifPresent(DevOutbox::flush);
  }

  /** A mail of the draft to one address outside any audience (preview file, test send). */
  private OutgoingMail composeOneOff(Draft draft, String to, String kind) {
    String from = app.config().mail().from();
    String id =
        kind
            + "."
            + draft.edition().number()
            + "."
            + Long.toHexString(app.clock().millis())
            + "@"
            + SubscriptionService.fromDomain(from);
    // Outside the audience there is no personal token: the link opens the generic page.
    PersonalLinks links = PersonalLinks.generic(app.config().digest().baseUrl());
    return runner().compose(draft.rendered().template(), links, to, id);
  }
}
