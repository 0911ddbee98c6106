package dev.digest.web;

import dev.digest.app.ConfigReport;
import dev.digest.app.DeliveryLine;
import dev.digest.app.DeliveryTally;
import dev.digest.app.DeliveryView;
import dev.digest.app.DigestRun;
import dev.digest.app.DigestRun.SendOptions;
import dev.digest.app.DigestRun.SendResult;
import dev.digest.app.DraftDesk;
import dev.digest.app.FeedHealthView;
import dev.digest.config.DigestSettings;
import dev.digest.edition.EditionRepository;
import dev.digest.edition.StoredEdition;
import dev.digest.feedback.FeedbackRepository;
import dev.digest.render.PersonalLinks;
import dev.digest.subscribe.EmailAddress;
import dev.digest.subscribe.InvalidAddressException;
import dev.digest.subscribe.Subscriber;
import dev.digest.subscribe.SubscriberRepository;
import dev.digest.subscribe.SubscriberStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's pages under {@code /admin}: the next edition rendered live from templates/, a test
 * send to one address, a manual send with a confirmation step and live progress, the subscribers
 * with search, recent deliveries and failures, feed health and the next fire time. Open to direct
 * loopback clients only unless an admin token is configured, which is then required as {@code
 * Authorization: Bearer TOKEN}. Every form carries the CSRF token.
 */
final class AdminPages {

  private static final Logger log = LoggerFactory.getLogger(AdminPages.class);

  /** Subscribers shown on one page of the list. */
  static final int PAGE = 200;

  /** Newest editions listed on the dashboard, with their delivery tallies. */
  static final int EDITIONS_SHOWN = 10;

  /** Returned-mail events listed on the dashboard. */
  static final int FEEDBACK_SHOWN = 50;

  /** Failed deliveries listed on the dashboard. */
  static final int FAILURES_SHOWN = 50;

  /**
   * What the operator's pages read and start: the dashboard shows a little of every stage, so one
   * record of exactly those parts.
   *
   * @param adminToken {@code web.admin-token}; empty: direct loopback clients only
   * @param run the preview's draft and the sends started here
   * @param drafts the draft waiting for approval, for the dashboard's link
   * @param configReport what serve's last reload of feeds.yml did
   */
  record Sources(
      DigestSettings digest,
      String adminToken,
      DigestRun run,
      DraftDesk drafts,
      EditionRepository editions,
      SubscriberRepository subscribers,
      DeliveryView deliveries,
      FeedHealthView feeds,
      FeedbackRepository feedback,
      Supplier<Optional<ConfigReport>> configReport) {}

  private final Sources sources;
  private final Pages pages;
  private final Csrf csrf;
  private final Supplier<Optional<Instant>> nextFire;
  private final AtomicReference<SendJob> job = new AtomicReference<>();

  /** {@code nextFire}: the schedule's next fire time, for the dashboard. */
  AdminPages(Sources sources, Pages pages, Csrf csrf, Supplier<Optional<Instant>> nextFire) {
    this.sources = sources;
    this.pages = pages;
    this.csrf = csrf;
    this.nextFire = nextFire;
  }

  void routes(RoutesConfig r) {
    r.before("/admin", this::guard);
    r.before("/admin/*", this::guard);
    r.get("/admin", this::dashboard);
    r.get("/admin/preview", this::preview);
    r.get("/admin/subscribers", this::subscribers);
    r.post("/admin/test-send", this::testSend);
    r.get("/admin/send", this::sendPage);
    r.post("/admin/send", this::startSend);
    r.get("/admin/send/progress", this::progress);
  }

  /** The same guard for pages outside /admin (metrics). */
  void guardPublic(Context ctx) {
    guard(ctx);
  }

  private void guard(Context ctx) {
    String token = sources.adminToken();
    boolean allowed;
    if (token.isEmpty()) {
      allowed = isLoopback(ctx.ip()) && !proxied(ctx);
    } else {
      String auth = Optional.ofNullable(ctx.header("Authorization")).orElse("");
      allowed =
          MessageDigest.isEqual(
              auth.getBytes(StandardCharsets.UTF_8),
              ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
    }
    if (!allowed) {
      log.warn("admin refused ip={} path={}", ctx.ip(), ctx.path());
      pages.message(
          ctx,
          403,
          "Forbidden",
          "The admin pages need the admin token (or a direct connection from this machine).");
      ctx.skipRemainingHandlers();
    }
  }

  /**
   * A reverse proxy on this machine connects from loopback for every visitor: a request that came
   * through one (RFC 7239 Forwarded, or the X-Forwarded-For family) is not local.
   */
  private static boolean proxied(Context ctx) {
    return ctx.header("Forwarded") != null
        || ctx.header("X-Forwarded-For") != null
        || ctx.header("X-Real-IP") != null
        || ctx.header("X-Forwarded-Host") != null;
  }

  private static boolean isLoopback(String ip) {
    try {
      return InetAddress.getByName(ip).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private void dashboard(Context ctx) {
    Map<String, Object> vars = new HashMap<>();
    Map<SubscriberStatus, Integer> counts = sources.subscribers().countByStatus();
    vars.put("counts", counts);
    vars.put("nextFire", nextFire.get().map(Instant::toString).orElse("not scheduled"));
    List<StoredEdition> editions = sources.editions().list(sources.digest().id());
    List<StoredEdition> shown = editions.subList(0, Math.min(EDITIONS_SHOWN, editions.size()));
    // One GROUP BY for the editions shown, and only the failures shown: the page's cost does not
    // grow with the audience of an edition.
    Map<Long, DeliveryTally> tallies =
        sources
            .deliveries()
            .tallies(shown.stream().map(StoredEdition::id).collect(Collectors.toList()));
    vars.put(
        "editions",
        shown.stream()
            .map(e -> Map.<String, Object>of("stored", e, "tally", tallies.get(e.id())))
            .collect(Collectors.toList()));
    List<DeliveryLine> failures =
        editions.isEmpty()
            ? List.of()
            : sources.deliveries().failures(editions.get(0).id(), FAILURES_SHOWN);
    vars.put("latest", editions.isEmpty() ? null : editions.get(0));
    vars.put("failures", failures);
    vars.put("feeds", sources.feeds().all());
    vars.put("config", sources.configReport().get().orElse(null));
    vars.put("returned", sources.feedback().recent(FEEDBACK_SHOWN));
    vars.put(
        "complaintAlerts",
        sources.feedback().rates(sources.digest().id(), EDITIONS_SHOWN).stream()
            .filter(FeedbackRepository.EditionRates::complaintAlert)
            .collect(Collectors.toList()));
    vars.put("csrf", csrf.token(ctx));
    vars.put("job", view(job.get()));
    vars.put("notice", Optional.ofNullable(ctx.queryParam("notice")).orElse(""));
    // A draft waiting for an editor (digest.approval: required): its number, for the link.
    vars.put("draftNumber", sources.drafts().current().map(d -> d.edition().number()).orElse(null));
    pages.render(ctx, 200, "admin.html", vars);
  }

  private void preview(Context ctx) {
    DigestRun.Draft draft = sources.run().draft();
    PersonalLinks links = PersonalLinks.generic(sources.digest().baseUrl());
    String html = withFailedFeeds(draft.rendered().template().fill(links).html(), draft);
    ctx.header(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    ctx.contentType("text/html; charset=utf-8").result(html);
  }

  /**
   * The preview with a notice above the edition naming each feed that could not be read and why
   * (offline, firewalled, broken): otherwise an empty edition says nothing. Only the admin view
   * carries it; the mail never does. Feed URLs and errors are escaped: they come from outside.
   */
  static String withFailedFeeds(String html, DigestRun.Draft draft) {
    List<DigestRun.FailedFeed> failed = draft.failedFeeds();
    if (failed.isEmpty()) {
      return html;
    }
    StringBuilder notice = new StringBuilder();
    notice
        .append("<div role=\"alert\" id=\"failed-feeds\" style=\"font:14px/1.4 sans-serif;")
        .append("background:#fff4e5;color:#5c3b00;border:1px solid #e0a040;padding:12px 16px;")
        .append("margin:0 0 12px\"><strong>")
        .append(failed.size())
        .append(" of ")
        .append(draft.feeds().size())
        .append(" feeds could not be read")
        .append(draft.edition().items().isEmpty() ? " (the edition below is empty)" : "")
        .append(":</strong><ul style=\"margin:6px 0 0;padding-left:20px\">");
    for (DigestRun.FailedFeed f : failed) {
      notice
          .append("<li>")
          .append(escape(f.name().isBlank() ? f.url() : f.name() + " (" + f.url() + ")"))
          .append(": ")
          .append(escape(f.error()))
          .append("</li>");
    }
    notice.append("</ul></div>");
    java.util.regex.Matcher body =
        java.util.regex.Pattern.compile("<body[^>]*>", java.util.regex.Pattern.CASE_INSENSITIVE)
            .matcher(html);
    return body.find()
        ? html.substring(0, body.end()) + notice + html.substring(body.end())
        : notice + html;
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private void subscribers(Context ctx) {
    String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip().toLowerCase(Locale.ROOT);
    String statusParam = Optional.ofNullable(ctx.queryParam("status")).orElse("");
    Optional<SubscriberStatus> status;
    try {
      status =
          statusParam.isEmpty()
              ? Optional.empty()
              : Optional.of(SubscriberStatus.parse(statusParam));
    } catch (IllegalArgumentException e) {
      status = Optional.empty();
    }
    List<Subscriber> matching =
        sources.subscribers().list(status).stream()
            .filter(s -> q.isEmpty() || s.email().toLowerCase(Locale.ROOT).contains(q))
            .collect(Collectors.toList());
    Map<String, Object> vars = new HashMap<>();
    vars.put("q", q);
    vars.put("status", status.map(SubscriberStatus::label).orElse(""));
    vars.put("statuses", SubscriberStatus.values());
    vars.put("total", matching.size());
    vars.put("subscribers", matching.subList(0, Math.min(PAGE, matching.size())));
    vars.put("counts", sources.subscribers().countByStatus());
    pages.render(ctx, 200, "admin-subscribers.html", vars);
  }

  private void testSend(Context ctx) {
    if (!csrf.valid(ctx)) {
      pages.message(ctx, 403, "Form expired", "Please reload the admin page and try again.");
      return;
    }
    String to;
    try {
      to = EmailAddress.parse(ctx.formParam("to")).value();
    } catch (InvalidAddressException e) {
      pages.message(ctx, 400, "Not sent", e.getMessage());
      return;
    }
    SendResult result = sources.run().send(new SendOptions(to, false, false, false));
    log.info(
        "admin test send to_domain={} result={}",
        to.substring(to.indexOf('@') + 1),
        result.getClass().getSimpleName());
    if (result instanceof SendResult.TestSent) {
      pages.message(
          ctx,
          200,
          "Test sent",
          "The next edition ("
              + ((SendResult.TestSent) result).items()
              + " articles) went to "
              + to
              + ". Nothing was recorded.");
    } else {
      pages.message(ctx, 200, "Not sent", describe(result));
    }
  }

  private void sendPage(Context ctx) {
    SendJob running = job.get();
    if (running != null && running.running()) {
      ctx.redirect("/admin/send/progress", io.javalin.http.HttpStatus.SEE_OTHER);
      return;
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("csrf", csrf.token(ctx));
    vars.put(
        "audience", sources.subscribers().countByStatus().getOrDefault(SubscriberStatus.ACTIVE, 0));
    vars.put(
        "unfinished",
        sources.editions().unfinished(sources.digest().id()).stream().findFirst().orElse(null));
    vars.put("job", null);
    pages.render(ctx, 200, "admin-send.html", vars);
  }

  private void startSend(Context ctx) {
    if (!csrf.valid(ctx)) {
      pages.message(ctx, 403, "Form expired", "Please reload the admin page and try again.");
      return;
    }
    if (!"yes".equals(ctx.formParam("confirm"))) {
      pages.message(
          ctx,
          400,
          "Not sent",
          "Tick the confirmation box to send the edition to every active subscriber.");
      return;
    }
    boolean resume = "true".equals(ctx.formParam("resume"));
    SendJob fresh = new SendJob(Instant.now(), resume);
    SendJob previous = job.get();
    if ((previous != null && previous.running()) || !job.compareAndSet(previous, fresh)) {
      ctx.redirect("/admin/send/progress", io.javalin.http.HttpStatus.SEE_OTHER);
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                SendResult r = sources.run().send(new SendOptions("", false, resume, false));
                fresh.finish(r, describe(r));
              } catch (RuntimeException e) {
                log.error("admin send failed error={}", e.toString(), e);
                fresh.fail(e.toString());
              }
            },
            "admin-send");
    t.setDaemon(true);
    t.start();
    log.info("admin send started resume={}", resume);
    ctx.redirect("/admin/send/progress", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void progress(Context ctx) {
    SendJob current = job.get();
    Map<String, Object> vars = new HashMap<>();
    vars.put("job", view(current));
    StoredEdition edition = null;
    if (current != null && current.editionId() != null) {
      edition = sources.editions().find(current.editionId()).orElse(null);
    } else {
      edition =
          sources.editions().unfinished(sources.digest().id()).stream().findFirst().orElse(null);
    }
    vars.put("edition", edition);
    vars.put("tally", edition == null ? null : sources.deliveries().tally(edition.id()));
    vars.put("refresh", current != null && current.running());
    pages.render(ctx, 200, "admin-progress.html", vars);
  }

  /** What the templates show of a job (plain values: templates never reach into our classes). */
  private static Map<String, Object> view(SendJob j) {
    if (j == null) {
      return null;
    }
    Map<String, Object> m = new HashMap<>();
    m.put("running", j.running());
    m.put("failed", j.failed());
    m.put("outcome", j.outcome());
    m.put("started", j.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    m.put("resume", j.resume());
    return m;
  }

  static String describe(SendResult r) {
    if (r instanceof SendResult.Delivered) {
      SendResult.Delivered d = (SendResult.Delivered) r;
      return "Edition #" + d.number() + " delivered to an audience of " + d.audience() + ".";
    }
    if (r instanceof SendResult.NothingNew) {
      return "Nothing new in the feeds since the last edition: no edition was built.";
    }
    if (r instanceof SendResult.Unfinished) {
      return "Edition #"
          + ((SendResult.Unfinished) r).number()
          + " is still being delivered: resume it first.";
    }
    if (r instanceof SendResult.NothingToResume) {
      return "There was nothing to resume.";
    }
    if (r instanceof SendResult.TestSent) {
      return "Test sent to " + ((SendResult.TestSent) r).to() + ".";
    }
    if (r instanceof SendResult.DraftCreated) {
      SendResult.DraftCreated d = (SendResult.DraftCreated) r;
      return "Edition #"
          + d.number()
          + " was built as a draft with "
          + d.items()
          + " articles and waits for approval at /admin/draft; readers get nothing until then.";
    }
    if (r instanceof SendResult.DraftWaiting) {
      return "The draft of edition #"
          + ((SendResult.DraftWaiting) r).number()
          + " waits for approval at /admin/draft: no new edition was built.";
    }
    return r.getClass().getSimpleName();
  }

  /** One manual send running in the background; the progress page reads it. */
  static final class SendJob {
    private final Instant started;
    private final boolean resume;
    private volatile boolean running = true;
    private volatile String outcome = "";
    private volatile boolean failed;
    private volatile Long editionId;

    SendJob(Instant started, boolean resume) {
      this.started = started;
      this.resume = resume;
    }

    void finish(SendResult r, String text) {
      if (r instanceof SendResult.Delivered) {
        editionId = ((SendResult.Delivered) r).editionId();
      } else if (r instanceof SendResult.Unfinished) {
        editionId = ((SendResult.Unfinished) r).editionId();
      }
      outcome = text;
      running = false;
    }

    void fail(String error) {
      outcome = "The send failed: " + error;
      failed = true;
      running = false;
    }

    public boolean running() {
      return running;
    }

    public boolean failed() {
      return failed;
    }

    public String outcome() {
      return outcome;
    }

    public Instant started() {
      return started;
    }

    public boolean resume() {
      return resume;
    }

    public Long editionId() {
      return editionId;
    }
  }
}
