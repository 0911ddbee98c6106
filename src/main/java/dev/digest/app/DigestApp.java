package dev.digest.app;

import dev.digest.bounce.FeedbackParser;
import dev.digest.condense.Condenser;
import dev.digest.config.DigestConfig;
import dev.digest.config.LlmSettings;
import dev.digest.config.MailSettings;
import dev.digest.config.SmtpSettings;
import dev.digest.delivery.DeliveryOverviewRepository;
import dev.digest.delivery.DeliveryRepository;
import dev.digest.delivery.DeliveryRunner;
import dev.digest.delivery.WelcomeRepository;
import dev.digest.delivery.WelcomeSender;
import dev.digest.edition.DraftLogRepository;
import dev.digest.edition.EditionBuilder;
import dev.digest.edition.EditionRepository;
import dev.digest.edition.SeenItemRepository;
import dev.digest.extract.ArticlePreparer;
import dev.digest.extract.HtmlSanitizer;
import dev.digest.extract.MainContentExtractor;
import dev.digest.feed.FeedArticlesRepository;
import dev.digest.feed.FeedReader;
import dev.digest.feed.FeedStateRepository;
import dev.digest.feedback.FeedbackAddresses;
import dev.digest.feedback.FeedbackProcessor;
import dev.digest.feedback.FeedbackRepository;
import dev.digest.feedback.FeedbackSink;
import dev.digest.feedback.webhook.SnsSignature;
import dev.digest.feedback.webhook.WebhookReceiver;
import dev.digest.http.HttpFetcher;
import dev.digest.llm.CondenseCacheRepository;
import dev.digest.llm.LlmCondenser;
import dev.digest.mail.DevMailServer;
import dev.digest.mail.Mailer;
import dev.digest.mail.MimeMessages;
import dev.digest.mail.SmtpMailer;
import dev.digest.mail.VerpTokens;
import dev.digest.render.DigestRenderer;
import dev.digest.render.TemplateRenderer;
import dev.digest.store.Database;
import dev.digest.subscribe.SecretRepository;
import dev.digest.subscribe.SecretStore;
import dev.digest.subscribe.SubscriberRepository;
import dev.digest.subscribe.SubscriptionService;
import dev.digest.subscribe.TokenService;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every stage from the configuration by hand, in data-flow order, and
 * closes them in reverse. Schedule, CLI and web all go through one {@link DigestRun}. The database
 * and its repositories are opened at once; everything else (mail, the dev SMTP server, condensing,
 * templates, tokens, delivery) is made on first use, so a short command pays only for what it uses
 * (a "nothing new" send: about 0.1 s less of a 1 s run).
 */
public final class DigestApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DigestApp.class);

  private final DigestConfig config;
  // What serve's reload last applied: the feed list and fetch settings a run reads.
  private final LiveConfig live;
  private final Clock clock;
  private final int devSmtpPort;
  private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();

  private final Database database;
  private final FeedStateRepository feedStates;
  private final FeedArticlesRepository feedArticles;
  private final EditionRepository editions;
  private final DraftLogRepository draftLog;
  private final DraftDesk drafts;
  private final SeenItemRepository seenItems;
  private final SubscriberRepository subscribers;
  private final DeliveryRepository deliveries;
  private final DeliveryView deliveryView;
  private final FeedHealthView feedHealth;
  private final FeedbackRepository feedbackEvents;
  private final EditionBuilder editionBuilder;
  private final DigestRun run;

  private final Lazy<Optional<DevOutbox>> devOutbox = new Lazy<>(this::startDevOutbox);
  private final Lazy<MailSettings> mail = new Lazy<>(this::makeMailSettings);
  // Deferred: a service built only for its links (a preview's unsubscribe URL) starts no SMTP.
  private final Lazy<Mailer> mailer =
      new Lazy<>(() -> new DeferredMailer(() -> own(new SmtpMailer(mail.get()))));
  private final Lazy<MimeMessages> mime = new Lazy<>(() -> new MimeMessages(config().mail()));
  private final Lazy<HtmlSanitizer> sanitizer = new Lazy<>(HtmlSanitizer::new);
  private final Lazy<Condenser> condenser = new Lazy<>(() -> condenserOf(config()));
  private final Lazy<Optional<LlmCondenser>> llm = new Lazy<>(this::makeLlm);
  private final Lazy<DigestRenderer> renderer =
      new Lazy<>(() -> new DigestRenderer(config().digest()));
  private final Lazy<TemplateRenderer> templates =
      new Lazy<>(() -> new TemplateRenderer(config().digest().templates()));
  // The one HMAC secret of links and VERP tokens (web.secret, or generated once into the database).
  private final Lazy<byte[]> secret = new Lazy<>(this::loadSecret);
  private final Lazy<TokenService> tokens = new Lazy<>(this::makeTokens);
  private final Lazy<VerpTokens> verp = new Lazy<>(() -> new VerpTokens(secret.get()));
  private final Lazy<FeedbackProcessor> feedback =
      new Lazy<>(
          () ->
              new FeedbackProcessor(
                  new FeedbackParser(
                      config().mail().bounces().address(),
                      FeedbackAddresses.unsubscribeAddress(config().mail())),
                  verp.get(),
                  feedbackEvents(),
                  config().mail().bounces(),
                  clock()));
  private final Lazy<WebhookReceiver> webhooks = new Lazy<>(this::makeWebhooks);
  private final Lazy<SubscriptionService> subscriptions =
      new Lazy<>(
          () ->
              new SubscriptionService(
                  subscribers(),
                  tokens.get(),
                  mailer.get(),
                  templates.get(),
                  config().digest(),
                  config().mail(),
                  clock(),
                  id -> welcomeSender().confirmed(id)));
  private final Lazy<WelcomeSender> welcome =
      new Lazy<>(
          () ->
              own(
                  new WelcomeSender(
                      new WelcomeRepository(database(), clock()),
                      subscribers(),
                      editions(),
                      subscriptions.get()::unsubscribeUrl,
                      mailer.get(),
                      templates.get(),
                      config().digest(),
                      config().mail(),
                      clock(),
                      Optional.of(verp.get()),
                      () -> liveConfig().get().digest().readerFeedChoice())));
  // One runner per process: its active() runs are what the admin page and metrics show.
  private final Lazy<DeliveryRunner> deliveryRunner =
      new Lazy<>(
          () ->
              new DeliveryRunner(
                  deliveries(),
                  editions(),
                  subscribers(),
                  subscriptions.get()::unsubscribeUrl,
                  mailer.get(),
                  config().digest(),
                  config().mail(),
                  clock(),
                  dev.digest.delivery.RetryPolicy.defaults(),
                  Optional.of(verp.get())));

  private DigestApp(DigestConfig config, Clock clock, int devSmtpPort) {
    this.config = config;
    this.live = new LiveConfig(config);
    this.clock = clock;
    this.devSmtpPort = devSmtpPort;
    try {
      database = own(Database.open(config.database()));
      feedStates = new FeedStateRepository(database);
      // Kept as long as the longest cadence looks back (a monthly edition reads a month of 304s).
      feedArticles = new FeedArticlesRepository(database, config.digest().longestWindow());
      editions = new EditionRepository(database);
      seenItems = new SeenItemRepository(database);
      draftLog = new DraftLogRepository(database);
      subscribers = new SubscriberRepository(database);
      deliveries = new DeliveryRepository(database);
      deliveryView = new DeliveryView(deliveries, new DeliveryOverviewRepository(database));
      feedHealth = new FeedHealthView(feedStates, live);
      feedbackEvents = new FeedbackRepository(database);
      // Condensing is chosen per build, so the condenser (and the model's client) is made only
      // when an edition has items to condense.
      editionBuilder =
          EditionBuilder.condensingPerBuild(
              config.digest(), this::condensing, editions, seenItems, clock);
      run = new DigestRun(this);
      drafts = new DraftDesk(this);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** How this build condenses: the model (with its per-run budget) or the extractive condenser. */
  private java.util.function.Function<
          dev.digest.extract.PreparedArticle, dev.digest.condense.Summary>
      condensing() {
    Optional<LlmCondenser> model = llm.get();
    if (model.isPresent()) {
      LlmCondenser.Run r = model.get().startRun();
      return p -> r.condense(p.article().title(), p.content().document());
    }
    Condenser c = condenser.get();
    return p -> c.condense(p.article().title(), p.content().document());
  }

  private Optional<LlmCondenser> makeLlm() {
    Optional<LlmCondenser> model =
        config.condense().llm().map(s -> llmCondenser(condenser.get(), s, database, clock));
    if (model.isPresent()) {
      LlmSettings s = config.condense().llm().get();
      log.info(
          "condense mode=llm endpoint={} model={} budget_calls={} timeout={}",
          s.chatCompletionsUrl(),
          s.model(),
          s.budgetPerRun(),
          s.timeout());
    }
    return model;
  }

  private Optional<DevOutbox> startDevOutbox() {
    if (!config.mail().embeddedSmtp()) {
      return Optional.empty();
    }
    // No SMTP host: a real SMTP server in-process takes every mail; the outbox shows it.
    // Mail to the bounce or unsubscribe address's VERP forms (a DSN posted to the dev port) is
    // feedback, processed as it arrives; it stays in the outbox like any other mail.
    FeedbackAddresses returns = FeedbackAddresses.of(config.mail());
    DevMailServer.Tap feedback =
        new DevMailServer.Tap(returns::isFeedbackRecipient, this::devFeedback);
    DevOutbox outbox =
        own(DevOutbox.start(devSmtpPort, config.digest().dataDir().resolve("outbox"), feedback));
    log.info(
        "no SMTP host configured: embedded dev SMTP on 127.0.0.1:{} takes all mail",
        outbox.smtpPort());
    return Optional.of(outbox);
  }

  private void devFeedback(byte[] raw) {
    FeedbackSink.Outcome o = feedbackSink().acceptMessage(raw, "dev-smtp");
    log.info("dev_smtp_feedback changed={} summary=\"{}\"", o.changed(), o.summary());
  }

  private MailSettings makeMailSettings() {
    MailSettings m = config.mail();
    Optional<DevOutbox> outbox = devOutbox.get();
    return outbox.isPresent() ? withSmtp(m, outbox.get().smtpPort()) : m;
  }

  private TokenService makeTokens() {
    return new TokenService(secret.get(), clock);
  }

  private byte[] loadSecret() {
    return SecretStore.load(
        config.web(), config.digest().dataDir(), new SecretRepository(database));
  }

  /**
   * The condenser of {@code config}'s heading lists: what a send and {@code condense --llm} use.
   */
  public static Condenser condenserOf(DigestConfig config) {
    return new Condenser(
        config.condense().quickSummaryHeadings(), config.condense().takeawayHeadings());
  }

  /**
   * The model of {@code settings} in front of {@code condenser}, its replies cached in {@code db}.
   */
  public static LlmCondenser llmCondenser(
      Condenser condenser, LlmSettings settings, Database db, Clock clock) {
    return new LlmCondenser(condenser, settings, new CondenseCacheRepository(db), clock);
  }

  /** Opens every stage; starts the embedded dev SMTP server (any free port) when no host is set. */
  public static DigestApp open(DigestConfig config) {
    return new DigestApp(config, Clock.systemUTC(), 0);
  }

  /** As {@link #open(DigestConfig)} with an explicit clock and dev SMTP port (tests, serve). */
  public static DigestApp open(DigestConfig config, Clock clock, int devSmtpPort) {
    return new DigestApp(config, clock, devSmtpPort);
  }

  private static MailSettings withSmtp(MailSettings mail, int port) {
    SmtpSettings dev =
        new SmtpSettings(
            "127.0.0.1",
            port,
            "",
            "",
            SmtpSettings.Security.NONE,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30));
    return new MailSettings(
        mail.from(),
        mail.replyTo(),
        mail.unsubscribeMailto(),
        dev,
        mail.ratePerSecond(),
        mail.pool(),
        mail.dkim(),
        mail.bounces());
  }

  private synchronized <T extends AutoCloseable> T own(T resource) {
    closeOrder.push(resource);
    return resource;
  }

  /**
   * A new feed reader; the caller closes it. It uses conditional GET and answers a 304 with the
   * cached articles of the last good fetch published at or after {@code since}, so any command may
   * fetch without hiding articles from the next edition.
   */
  FeedReader feedReader(Instant since) {
    return new FeedReader(
        live.get().fetch(),
        Optional.of(feedStates),
        Optional.of(feedArticles),
        Optional.of(since),
        clock);
  }

  ArticlePreparer articlePreparer() {
    Condenser c = condenser.get();
    return new ArticlePreparer(
        live.get().fetch(),
        sanitizer.get(),
        new MainContentExtractor(c::summaryBlocks),
        config.digest().images());
  }

  /** The welcome mails of confirmed readers (the confirm page triggers them; serve sweeps). */
  public WelcomeSender welcomeSender() {
    return welcome.get();
  }

  /** The tokens of the per-delivery bounce and unsubscribe addresses. */
  public VerpTokens verpTokens() {
    return verp.get();
  }

  /** The process's one delivery runner (thread-safe): progress of running deliveries, stop. */
  public DeliveryRunner deliveryRunner() {
    return deliveryRunner.get();
  }

  /** The configuration the process was opened with. */
  public DigestConfig config() {
    return config;
  }

  /**
   * The configuration as last reloaded while serving ({@link #config()} until then), and what the
   * last reload did: its feeds and fetch settings are what the next run reads.
   */
  public LiveConfig liveConfig() {
    return live;
  }

  public Clock clock() {
    return clock;
  }

  public DigestRun run() {
    return run;
  }

  public Database database() {
    return database;
  }

  /** The pooled data source, for Quartz's JDBC job store. */
  public javax.sql.DataSource dataSource() {
    return database.dataSource();
  }

  /** Whether the database answers, for /healthz (web may not see the database itself). */
  public java.util.function.BooleanSupplier databaseProbe() {
    return database::ping;
  }

  /** The embedded dev SMTP server and its outbox, started on first use; empty with an SMTP host. */
  public Optional<DevOutbox> devOutbox() {
    return devOutbox.get();
  }

  /**
   * The one processor every returned message and webhook event goes to: the IMAP poller of {@code
   * serve}, the dev SMTP server, {@code digest bounces process} and the webhooks.
   */
  public FeedbackSink feedbackSink() {
    return feedback.get();
  }

  /**
   * The relays' webhooks ({@code mail.bounces.webhooks}), read at start: a change needs a restart.
   */
  public WebhookReceiver webhookReceiver() {
    return webhooks.get();
  }

  private WebhookReceiver makeWebhooks() {
    HttpFetcher fetcher = own(new HttpFetcher(config().fetch()));
    Predicate<URI> trusted = SnsSignature::awsUrl;
    return new WebhookReceiver(
        config().mail().bounces().webhooks(),
        config().mail().bounces().address(),
        feedbackSink(),
        clock(),
        new TrustedDownload(fetcher, trusted),
        trusted);
  }

  /** What came back after sends: recent events and per-edition rates (/admin, /metrics). */
  public FeedbackRepository feedbackEvents() {
    return feedbackEvents;
  }

  public Mailer mailer() {
    return mailer.get();
  }

  /**
   * The mail settings sends use: the configured ones, or with the embedded dev SMTP server's port
   * (starting it) when no host is set. /healthz probes this server.
   */
  public MailSettings mailSettings() {
    return mail.get();
  }

  /** Whether the embedded dev SMTP server was started (only a send or {@code serve} starts it). */
  boolean devSmtpStarted() {
    return devOutbox.made() && devOutbox.get().isPresent();
  }

  public MimeMessages mime() {
    return mime.get();
  }

  public FeedStateRepository feedStates() {
    return feedStates;
  }

  public Condenser condenser() {
    return condenser.get();
  }

  /** Present when {@code condense.mode: llm}. */
  public Optional<LlmCondenser> llmCondenser() {
    return llm.get();
  }

  public DraftLogRepository draftLog() {
    return draftLog;
  }

  /** The editor's desk: the draft waiting for approval and its changes. */
  public DraftDesk drafts() {
    return drafts;
  }

  public EditionRepository editions() {
    return editions;
  }

  public SeenItemRepository seenItems() {
    return seenItems;
  }

  public EditionBuilder editionBuilder() {
    return editionBuilder;
  }

  public DigestRenderer renderer() {
    return renderer.get();
  }

  public TemplateRenderer templates() {
    return templates.get();
  }

  public SubscriberRepository subscribers() {
    return subscribers;
  }

  public TokenService tokens() {
    return tokens.get();
  }

  public SubscriptionService subscriptions() {
    return subscriptions.get();
  }

  public DeliveryRepository deliveries() {
    return deliveries;
  }

  /** Every configured feed's last fetches (web admin, /metrics). */
  public FeedHealthView feedHealth() {
    return feedHealth;
  }

  /** Delivery tallies and failed rows (web admin, /metrics). */
  public DeliveryView deliveryView() {
    return deliveryView;
  }

  /** Closes in reverse order of opening; the dev SMTP server's threads must not outlive us. */
  @Override
  public synchronized void close() {
    while (!closeOrder.isEmpty()) {
      AutoCloseable c = closeOrder.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("close failed component={} error={}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
