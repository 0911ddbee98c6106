package dev.digest.web;

import dev.digest.config.AddressRange;
import dev.digest.config.DigestConfig;
import dev.digest.config.DigestSettings;
import dev.digest.edition.EditionRepository;
import dev.digest.edition.StoredEdition;
import dev.digest.subscribe.EmailAddress;
import dev.digest.subscribe.InvalidAddressException;
import dev.digest.subscribe.Subscriber;
import dev.digest.subscribe.SubscriberRepository;
import dev.digest.subscribe.SubscriptionService;
import dev.digest.subscribe.TokenService;
import dev.digest.subscribe.TokenService.Purpose;
import dev.digest.subscribe.TopicChoice;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader's pages: home with the subscribe form, confirm and unsubscribe. Confirm and
 * unsubscribe links open a page with one button (a GET never changes state, so mail scanners that
 * follow links do not confirm or unsubscribe anybody); the RFC 8058 one-click POST from a mail
 * client needs no cookie, only the signed token.
 */
final class SubscriptionPages {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionPages.class);

  /**
   * What the reader's pages read and change.
   *
   * @param digest the settings the process was opened with (title, cadences, schedule)
   * @param live the configuration as last reloaded: the topics and feeds a reader may choose
   * @param trustedProxies {@code web.trusted-proxies}, whose X-Forwarded-For names the client
   */
  record Sources(
      DigestSettings digest,
      Supplier<DigestConfig> live,
      List<AddressRange> trustedProxies,
      EditionRepository editions,
      SubscriberRepository subscribers,
      SubscriptionService subscriptions,
      TokenService tokens,
      Clock clock) {}

  private final Sources sources;
  private final Pages pages;
  private final Csrf csrf;
  private final ClientAddress clients;

  /** Subscribe requests one client address may make per minute. */
  static final int PER_IP_LIMIT = 20;

  /** Confirmation mails one mailbox may be sent per hour (no mail-bombing through our form). */
  static final int PER_ADDRESS_LIMIT = 3;

  private final RateLimiter perIp = new RateLimiter(PER_IP_LIMIT, Duration.ofMinutes(1));
  private final RateLimiter perAddress = new RateLimiter(PER_ADDRESS_LIMIT, Duration.ofHours(1));

  /**
   * Subscribes run here, after the answer: a new address costs an insert and an SMTP hand-off, an
   * active one a lookup, and answering only after the work would tell them apart by time. One
   * thread, a bounded queue: a flood cannot pile up unbounded work.
   */
  private final ThreadPoolExecutor background =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(QUEUE),
          r -> {
            Thread t = new Thread(r, "subscribe-worker");
            t.setDaemon(true);
            return t;
          });

  /** Subscribe requests waiting for the worker at most. */
  static final int QUEUE = 1000;

  SubscriptionPages(Sources sources, Pages pages, Csrf csrf) {
    this.sources = sources;
    this.pages = pages;
    this.csrf = csrf;
    this.clients = new ClientAddress(sources.trustedProxies());
  }

  /** Finishes the subscribes already accepted (before the app closes under them). */
  void close() {
    background.shutdown();
    try {
      if (!background.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("subscribe worker still busy at shutdown queued={}", background.getQueue().size());
        background.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void routes(RoutesConfig r) {
    r.get("/", this::home);
    r.post("/subscribe", this::subscribe);
    r.get("/confirm", this::confirmPage);
    r.post("/confirm", this::confirm);
    r.get("/unsubscribe", this::unsubscribePage);
    r.post("/unsubscribe", this::unsubscribe);
    r.post("/resubscribe", this::resubscribe);
    r.post("/preferences", this::savePreferences);
  }

  private void home(Context ctx) {
    home(ctx, 200, "", "");
  }

  private void home(Context ctx, int status, String error, String email) {
    DigestSettings digest = sources.digest();
    Map<String, Object> vars = new HashMap<>();
    vars.put("csrf", csrf.token(ctx));
    vars.put("error", error);
    vars.put("email", email);
    Optional<StoredEdition> latest = sources.editions().latest(digest.id());
    vars.put("latest", latest.orElse(null));
    vars.put("items", latest.map(e -> e.edition().items()).orElse(List.of()));
    vars.put("schedule", digest.schedule());
    pages.render(ctx, status, "home.html", vars);
  }

  private void subscribe(Context ctx) {
    if (!csrf.valid(ctx)) {
      pages.message(ctx, 403, "Form expired", "Please reload the page and try again.");
      return;
    }
    String email = Optional.ofNullable(ctx.formParam("email")).orElse("").strip();
    if (!perIp.allow(clients.of(ctx))) {
      ctx.header("Retry-After", "60");
      pages.message(ctx, 429, "Too many requests", "Please wait a minute and try again.");
      return;
    }
    EmailAddress address;
    try {
      address = EmailAddress.parse(email);
    } catch (InvalidAddressException e) {
      home(ctx, 400, e.getMessage(), email.length() > 320 ? "" : email);
      return;
    }
    // Over the per-address limit: the same answer as success, and no mail (no mail-bombing).
    if (perAddress.allow(address.key())) {
      try {
        background.execute(
            () -> {
              try {
                sources.subscriptions().subscribe(address.value());
              } catch (RuntimeException e) {
                log.error("subscribe failed error={}", e.toString(), e);
              }
            });
      } catch (RejectedExecutionException e) {
        log.warn("subscribe queue full: request refused queued={}", QUEUE);
        ctx.header("Retry-After", "60");
        pages.message(ctx, 503, "Busy", "Too many sign-ups at once. Please try again in a minute.");
        return;
      }
    }
    pages.message(
        ctx,
        200,
        "Check your inbox",
        "We sent a confirmation link to the address you entered. Open it to start receiving "
            + sources.digest().title()
            + ". If nothing arrives in a few minutes, look in your spam folder.");
  }

  private void confirmPage(Context ctx) {
    String token = Optional.ofNullable(ctx.queryParam("token")).orElse("");
    TokenService.Check check = sources.tokens().verify(token, Purpose.CONFIRM);
    if (!(check instanceof TokenService.Check.Valid)) {
      badConfirmLink(ctx, check);
      return;
    }
    pages.render(ctx, 200, "confirm.html", Map.of("token", token, "csrf", csrf.token(ctx)));
  }

  private void confirm(Context ctx) {
    if (!csrf.valid(ctx)) {
      pages.message(ctx, 403, "Form expired", "Please open the link from the mail again.");
      return;
    }
    String token = Optional.ofNullable(ctx.formParam("token")).orElse("");
    TokenService.Check check = sources.tokens().verify(token, Purpose.CONFIRM);
    if (!(check instanceof TokenService.Check.Valid)) {
      badConfirmLink(ctx, check);
      return;
    }
    Optional<Subscriber> s = sources.subscriptions().confirm(token);
    if (s.isEmpty()) {
      pages.message(
          ctx,
          400,
          "This link does not work",
          "This confirmation link is no longer valid. Please subscribe again from the home page.");
      return;
    }
    // Straight to the reader's choices: how often, which topics (the same signed page as every
    // mail's "Manage what you get" link).
    pages.message(
        ctx,
        200,
        "You are subscribed",
        "Thank you. The next edition of " + sources.digest().title() + " will be in your inbox.",
        sources.subscriptions().unsubscribeUrl(s.get().id()),
        "Choose how often and which topics");
  }

  /** An expired link gets the subscribe form right away; a forged one a plain explanation. */
  private void badConfirmLink(Context ctx, TokenService.Check check) {
    if (check instanceof TokenService.Check.Expired) {
      pages.render(
          ctx,
          400,
          "expired.html",
          Map.of("csrf", csrf.token(ctx), "validDays", TokenService.CONFIRM_VALIDITY.toDays()));
      return;
    }
    pages.message(
        ctx,
        400,
        "This link does not work",
        "The confirmation link is not valid. Check that you copied the whole link from the mail, or subscribe again from the home page.");
  }

  private void unsubscribePage(Context ctx) {
    String token = Optional.ofNullable(ctx.queryParam("token")).orElse("");
    if (token.isEmpty()) {
      pages.message(
          ctx,
          200,
          "Unsubscribe",
          "Use the unsubscribe link at the bottom of any edition you received to leave the list.");
      return;
    }
    TokenService.Check check = sources.tokens().verify(token, Purpose.UNSUBSCRIBE);
    Optional<Subscriber> s =
        check instanceof TokenService.Check.Valid
            ? sources.subscribers().find(((TokenService.Check.Valid) check).subscriberId())
            : Optional.empty();
    if (s.isEmpty()) {
      pages.message(
          ctx,
          400,
          "This link does not work",
          "The unsubscribe link is invalid. Use the link from a recent edition.");
      return;
    }
    preferencesPage(ctx, 200, token, s.get(), "");
  }

  /**
   * "Manage what you get": the page the signed link in every mail opens (the same link as
   * unsubscribe, so no second per-reader link is needed in the mail): cadence, topics, a pause, and
   * the unsubscribe button. No login and no cookie but the CSRF one: the token names the reader.
   */
  private void preferencesPage(Context ctx, int status, String token, Subscriber s, String error) {
    preferencesPage(ctx, status, token, s, error, "");
  }

  private void preferencesPage(
      Context ctx, int status, String token, Subscriber s, String error, String notice) {
    var digest = sources.digest();
    Map<String, Object> vars = new HashMap<>();
    vars.put("token", token);
    vars.put("csrf", csrf.token(ctx));
    vars.put("error", error);
    vars.put("notice", notice);
    vars.put("cadences", digest.cadenceNames());
    vars.put(
        "cadence",
        s.cadence().isEmpty() || digest.cadence(s.cadence()).isEmpty()
            ? digest.defaultCadence()
            : s.cadence());
    List<Map<String, Object>> topics = new ArrayList<>();
    for (String t : sources.live().get().topics()) {
      topics.add(Map.of("name", t, "kept", !s.excludedTopics().contains(t)));
    }
    vars.put("topics", topics);
    // Single feeds only when the operator offers that choice (digest.reader-feed-choice).
    List<Map<String, Object>> feeds = new ArrayList<>();
    if (sources.live().get().digest().readerFeedChoice()) {
      for (Map.Entry<String, String> f : sources.live().get().readerFeeds().entrySet()) {
        feeds.add(
            Map.of(
                "url",
                f.getKey(),
                "name",
                f.getValue(),
                "kept",
                !s.excludedFeeds().contains(f.getKey())));
      }
    }
    vars.put("feeds", feeds);
    vars.put(
        "pausedUntil",
        s.pausedUntil()
            .filter(t -> t.isAfter(sources.clock().instant()))
            .map(t -> t.toString().substring(0, 10))
            .orElse(""));
    vars.put("active", s.status() == dev.digest.subscribe.SubscriberStatus.ACTIVE);
    pages.render(ctx, status, "unsubscribe.html", vars);
  }

  /** The most weeks a reader may pause at once. */
  static final int MAX_PAUSE_WEEKS = 52;

  private void savePreferences(Context ctx) {
    if (!csrf.valid(ctx)) {
      pages.message(ctx, 403, "Form expired", "Please open the link from the mail again.");
      return;
    }
    String token = Optional.ofNullable(ctx.formParam("token")).orElse("");
    TokenService.Check check = sources.tokens().verify(token, Purpose.UNSUBSCRIBE);
    Optional<Subscriber> found =
        check instanceof TokenService.Check.Valid
            ? sources.subscribers().find(((TokenService.Check.Valid) check).subscriberId())
            : Optional.empty();
    if (found.isEmpty()) {
      pages.message(
          ctx,
          400,
          "This link does not work",
          "The link is invalid. Use the link from a recent edition.");
      return;
    }
    Subscriber s = found.get();
    var digest = sources.digest();
    // Everything is checked before anything is changed: a bad field changes nothing.
    String cadence = Optional.ofNullable(ctx.formParam("cadence")).orElse("").strip();
    if (!cadence.isEmpty() && digest.cadence(cadence).isEmpty()) {
      preferencesPage(ctx, 400, token, s, "There is no such cadence. Nothing was changed.");
      return;
    }
    java.util.SortedSet<String> offered = sources.live().get().topics();
    java.util.Set<String> kept = new java.util.TreeSet<>();
    for (String t : ctx.formParams("topic")) {
      if (!offered.contains(TopicChoice.key(t))) {
        preferencesPage(ctx, 400, token, s, "There is no such topic. Nothing was changed.");
        return;
      }
      kept.add(TopicChoice.key(t));
    }
    // The form lists the feeds only with feed choice on, so only a form that listed them (its
    // "feeds" field) speaks for them: no box ticked means all left out, not "the page had none".
    Map<String, String> offeredFeeds = sources.live().get().readerFeeds();
    boolean feedsShown =
        ctx.formParam("feeds") != null && sources.live().get().digest().readerFeedChoice();
    java.util.Set<String> keptFeeds = new java.util.HashSet<>();
    for (String url : ctx.formParams("feed")) {
      if (!feedsShown || !offeredFeeds.containsKey(url)) {
        preferencesPage(ctx, 400, token, s, "There is no such feed. Nothing was changed.");
        return;
      }
      keptFeeds.add(url);
    }
    int weeks;
    try {
      weeks = Integer.parseInt(Optional.ofNullable(ctx.formParam("pause")).orElse("0").strip());
    } catch (NumberFormatException e) {
      weeks = -1;
    }
    if (weeks < 0 || weeks > MAX_PAUSE_WEEKS) {
      preferencesPage(
          ctx,
          400,
          token,
          s,
          "A pause is 0 to " + MAX_PAUSE_WEEKS + " weeks. Nothing was changed.");
      return;
    }
    if (!cadence.isEmpty()) {
      sources.subscribers().setCadence(s.id(), cadence);
    }
    java.util.Set<String> excluded = new java.util.TreeSet<>(offered);
    excluded.removeAll(kept);
    sources.subscribers().setExcludedTopics(s.id(), excluded);
    if (feedsShown) {
      java.util.Set<String> excludedFeeds = new java.util.TreeSet<>(offeredFeeds.keySet());
      excludedFeeds.removeAll(keptFeeds);
      sources.subscribers().setExcludedFeeds(s.id(), excludedFeeds);
    }
    if (weeks > 0) {
      sources
          .subscribers()
          .setPausedUntil(
              s.id(), sources.clock().instant().plus(java.time.Duration.ofDays(7L * weeks)));
    } else if (ctx.formParam("resume") != null) {
      sources.subscribers().setPausedUntil(s.id(), null);
    }
    Subscriber after = sources.subscribers().find(s.id()).orElse(s);
    preferencesPage(ctx, 200, token, after, "", "Saved. The next edition follows these choices.");
  }

  private void unsubscribe(Context ctx) {
    // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the List-Unsubscribe URL,
    // token in the query, without cookies. The signed token is the authority, so no CSRF check.
    boolean oneClick = "One-Click".equals(ctx.formParam("List-Unsubscribe"));
    String token = oneClick ? ctx.queryParam("token") : ctx.formParam("token");
    if (!oneClick && !csrf.valid(ctx)) {
      pages.message(ctx, 403, "Form expired", "Please open the link from the mail again.");
      return;
    }
    Optional<Subscriber> s =
        sources.subscriptions().unsubscribe(Optional.ofNullable(token).orElse(""));
    if (s.isEmpty()) {
      pages.message(
          ctx,
          400,
          "This link does not work",
          "The unsubscribe link is invalid. Use the link from a recent edition.");
      return;
    }
    if (oneClick) {
      ctx.status(200).contentType("text/plain; charset=utf-8").result("unsubscribed\n");
      return;
    }
    pages.render(ctx, 200, "unsubscribed.html", Map.of("token", token, "csrf", csrf.token(ctx)));
  }

  private void resubscribe(Context ctx) {
    if (!csrf.valid(ctx)) {
      pages.message(ctx, 403, "Form expired", "Please reload the page and try again.");
      return;
    }
    // The unsubscribe token names the reader without revealing the address; resubscribing goes
    // through double opt-in again.
    TokenService.Check check =
        sources
            .tokens()
            .verify(Optional.ofNullable(ctx.formParam("token")).orElse(""), Purpose.UNSUBSCRIBE);
    Optional<Subscriber> s =
        check instanceof TokenService.Check.Valid
            ? sources.subscribers().find(((TokenService.Check.Valid) check).subscriberId())
            : Optional.empty();
    s.ifPresent(x -> sources.subscriptions().subscribe(x.email()));
    if (s.isEmpty()) {
      pages.message(
          ctx, 400, "This link does not work", "Please subscribe again from the home page.");
      return;
    }
    pages.message(ctx, 200, "Check your inbox", "We sent you a new confirmation link.");
  }
}
