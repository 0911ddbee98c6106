package dev.digest.delivery;

import dev.digest.config.DigestSettings;
import dev.digest.config.MailSettings;
import dev.digest.edition.EditionRepository;
import dev.digest.edition.StoredEdition;
import dev.digest.mail.MailException;
import dev.digest.mail.Mailer;
import dev.digest.mail.OutgoingMail;
import dev.digest.mail.VerpTokens;
import dev.digest.render.TemplateRenderer;
import dev.digest.subscribe.Subscriber;
import dev.digest.subscribe.SubscriberRepository;
import dev.digest.subscribe.SubscriberStatus;
import dev.digest.subscribe.SubscriptionService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The welcome mail a reader gets on confirming ({@code welcome.html}/{@code .txt}, off with {@code
 * digest.welcome: false}): the latest edition, so the first mail is not a week away. Sent once per
 * subscriber, by the delivery rules: a row claimed by one node before SMTP, only to a subscriber
 * still active when it goes, retried on a transient failure, given up on a permanent one, and
 * re-sent with the same Message-ID if a node died between claim and mark.
 */
public final class WelcomeSender implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WelcomeSender.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Tries before a welcome is given up on (a sweep every 30 s in serve: a few minutes of outage).
   */
  static final int MAX_ATTEMPTS = 8;

  /** A claim older than this was left by a node that died: the row is due again. */
  static final Duration STALE_CLAIM = Duration.ofMinutes(10);

  private final java.util.function.BooleanSupplier feedChoice;
  private final WelcomeRepository welcomes;
  private final SubscriberRepository subscribers;
  private final EditionRepository editions;
  private final LongFunction<String> unsubscribeUrl;
  private final Mailer mailer;
  private final TemplateRenderer templates;
  private final DigestSettings digest;
  private final MailSettings mail;
  private final Clock clock;
  private final MessageComposer composer;
  private final ExecutorService now;
  private volatile ScheduledExecutorService sweep;

  public WelcomeSender(
      WelcomeRepository welcomes,
      SubscriberRepository subscribers,
      EditionRepository editions,
      LongFunction<String> unsubscribeUrl,
      Mailer mailer,
      TemplateRenderer templates,
      DigestSettings digest,
      MailSettings mail,
      Clock clock,
      Optional<VerpTokens> verp) {
    this(
        welcomes,
        subscribers,
        editions,
        unsubscribeUrl,
        mailer,
        templates,
        digest,
        mail,
        clock,
        verp,
        digest::readerFeedChoice);
  }

  /**
   * @param feedChoice whether readers' feed choices apply now ({@code digest.reader-feed-choice},
   *     read at each welcome: the key applies without a restart)
   */
  public WelcomeSender(
      WelcomeRepository welcomes,
      SubscriberRepository subscribers,
      EditionRepository editions,
      LongFunction<String> unsubscribeUrl,
      Mailer mailer,
      TemplateRenderer templates,
      DigestSettings digest,
      MailSettings mail,
      Clock clock,
      Optional<VerpTokens> verp,
      java.util.function.BooleanSupplier feedChoice) {
    this.feedChoice = Objects.requireNonNull(feedChoice, "feedChoice");
    this.composer = new MessageComposer(digest, mail, clock, verp);
    this.welcomes = Objects.requireNonNull(welcomes, "welcomes");
    this.subscribers = Objects.requireNonNull(subscribers, "subscribers");
    this.editions = Objects.requireNonNull(editions, "editions");
    this.unsubscribeUrl = Objects.requireNonNull(unsubscribeUrl, "unsubscribeUrl");
    this.mailer = Objects.requireNonNull(mailer, "mailer");
    this.templates = Objects.requireNonNull(templates, "templates");
    this.digest = Objects.requireNonNull(digest, "digest");
    this.mail = Objects.requireNonNull(mail, "mail");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.now = Executors.newSingleThreadExecutor(daemon("welcome"));
  }

  /**
   * A subscription was confirmed: makes the welcome's row (once per subscriber, ever) and sends it
   * in the background, so the confirmation page does not wait for SMTP.
   */
  public void confirmed(long subscriberId) {
    if (!digest.welcome()) {
      return;
    }
    byte[] nonce = new byte[6];
    RANDOM.nextBytes(nonce);
    String messageId =
        "welcome."
            + subscriberId
            + "."
            + HexFormat.of().formatHex(nonce)
            + "@"
            + SubscriptionService.fromDomain(mail.from());
    if (welcomes.enqueue(subscriberId, messageId)) {
      // Only this reader's row: a confirm during an SMTP outage must not spend the attempts of
      // every other waiting welcome (the sweep retries those at its own pace).
      now.execute(() -> sendQuietly(subscriberId));
    }
  }

  /** Waits until the background sends queued so far have run (tests; a clean hand-over). */
  public void awaitQueued() throws InterruptedException {
    try {
      now.submit(() -> {}).get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Starts a sweep every {@code every} that sends welcomes left due (serve). */
  public void startSweep(Duration every) {
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(daemon("welcome-sweep"));
    sweep = s;
    // The future is not kept: sendDueQuietly never throws, so the periodic task is never cancelled.
    Object unused =
        s.scheduleWithFixedDelay(
            this::sendDueQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sends every welcome that is due; the number sent. */
  public synchronized int sendDue() {
    int sent = 0;
    Instant staleBefore = clock.instant().minus(STALE_CLAIM);
    for (long id : welcomes.due(staleBefore, 500)) {
      Optional<WelcomeRepository.Claim> claim = welcomes.claim(id, staleBefore);
      if (claim.isPresent() && send(claim.get())) {
        sent++;
      }
    }
    return sent;
  }

  private synchronized void sendQuietly(long subscriberId) {
    try {
      welcomes.claim(subscriberId, clock.instant().minus(STALE_CLAIM)).ifPresent(this::send);
    } catch (RuntimeException e) {
      log.warn("welcome mail not sent subscriber_id={}: {}", subscriberId, e.toString());
    }
  }

  private void sendDueQuietly() {
    try {
      sendDue();
    } catch (RuntimeException e) {
      log.warn("welcome mails not sent: {}", e.toString());
    }
  }

  private boolean send(WelcomeRepository.Claim claim) {
    long id = claim.subscriberId();
    Optional<Subscriber> s = subscribers.find(id);
    if (s.isEmpty() || s.get().status() != SubscriberStatus.ACTIVE) {
      // Unsubscribed, bounced or complained since confirming: a welcome would be unwanted mail.
      welcomes.markSkipped(id, "subscriber " + s.map(x -> x.status().label()).orElse("gone"));
      log.info("welcome skipped subscriber_id={}", id);
      return false;
    }
    // The latest edition of the reader's own cadence (the default one for a reader who chose none
    // or a cadence no longer offered).
    String cadence = s.get().cadence();
    if (cadence.isEmpty() || digest.cadence(cadence).isEmpty()) {
      cadence = digest.defaultCadence();
    }
    Optional<StoredEdition> latest = editions.latest(digest.id(), cadence);
    try {
      mailer.send(compose(s.get(), latest, claim.messageId()));
    } catch (MailException | RuntimeException e) {
      boolean permanent = e instanceof MailException m && m.permanent();
      if (permanent || claim.attempt() >= MAX_ATTEMPTS) {
        welcomes.markFailed(id, e.getMessage() == null ? e.toString() : e.getMessage());
        log.warn(
            "welcome failed subscriber_id={} attempts={} error={}",
            id,
            claim.attempt(),
            e.toString());
      } else {
        welcomes.markRetry(id, e.getMessage() == null ? e.toString() : e.getMessage());
        log.info(
            "welcome deferred subscriber_id={} attempt={} error={}",
            id,
            claim.attempt(),
            e.toString());
      }
      return false;
    }
    welcomes.markSent(id, latest.map(StoredEdition::id));
    log.info(
        "welcome sent subscriber_id={} edition={}",
        id,
        latest.map(e -> Integer.toString(e.edition().number())).orElse("none"));
    return true;
  }

  OutgoingMail compose(Subscriber s, Optional<StoredEdition> latest, String messageId) {
    String unsubscribe = unsubscribeUrl.apply(s.id());
    Map<String, Object> vars = new HashMap<>();
    vars.put("title", digest.title());
    vars.put("email", s.email());
    vars.put("baseUrl", digest.baseUrl());
    vars.put("archiveUrl", digest.baseUrl() + "/archive");
    vars.put("unsubscribeUrl", unsubscribe);
    vars.put("postalAddress", digest.postalAddress() == null ? "" : digest.postalAddress());
    // Only the topics (and feeds) the reader kept: a choice made on the preference page or by
    // import.
    java.util.Set<String> feeds =
        feedChoice.getAsBoolean() ? s.excludedFeeds() : java.util.Set.of();
    vars.put(
        "edition",
        latest
            .map(StoredEdition::edition)
            .map(e -> e.without(s.excludedTopics(), feeds))
            .orElse(null));
    vars.put(
        "editionUrl",
        latest.map(e -> digest.baseUrl() + "/archive/" + e.edition().number()).orElse(""));
    String html = templates.render("welcome.html", vars, digest.language());
    String text = templates.render("welcome.txt", vars, digest.language());
    // The list headers of a delivery, its VERP addresses and relay metadata with edition 0 (a
    // welcome is of no edition): a bounce or a complaint of the welcome counts like an edition's.
    Optional<MessageComposer.Recipient> to = Optional.of(new MessageComposer.Recipient(0, s.id()));
    Map<String, String> headers = new LinkedHashMap<>(composer.headers(unsubscribe, messageId, to));
    // RFC 3834: made in answer to the confirmation, so vacation responders stay quiet.
    headers.put("Auto-Submitted", "auto-generated");
    return new OutgoingMail(
            mail.from(),
            s.email(),
            "Welcome to " + digest.title(),
            text,
            html,
            messageId,
            clock.instant(),
            headers)
        .withEnvelopeFrom(composer.envelopeFrom(to));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    ScheduledExecutorService s = sweep;
    if (s != null) {
      s.shutdownNow();
    }
    now.shutdown();
    try {
      // A welcome being handed to SMTP finishes; the rest stays due for the next start.
      now.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
