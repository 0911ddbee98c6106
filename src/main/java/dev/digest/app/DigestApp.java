package dev.digest.app;

import dev.digest.condense.Condenser;
import dev.digest.config.DigestConfig;
import dev.digest.config.MailSettings;
import dev.digest.config.SmtpSettings;
import dev.digest.delivery.DeliveryRepository;
import dev.digest.delivery.DeliveryRunner;
import dev.digest.edition.EditionBuilder;
import dev.digest.edition.EditionRepository;
import dev.digest.edition.SeenItemRepository;
import dev.digest.extract.ArticlePreparer;
import dev.digest.extract.HtmlSanitizer;
import dev.digest.feed.FeedReader;
import dev.digest.feed.FeedStateRepository;
import dev.digest.mail.Mailer;
import dev.digest.mail.MimeMessages;
import dev.digest.mail.SmtpMailer;
import dev.digest.render.DigestRenderer;
import dev.digest.render.TemplateRenderer;
import dev.digest.store.Database;
import dev.digest.subscribe.SecretStore;
import dev.digest.subscribe.SubscriberRepository;
import dev.digest.subscribe.SubscriptionService;
import dev.digest.subscribe.TokenService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every stage from the configuration by hand, in data-flow order,
 * and closes them in reverse. Schedule, CLI and web all go through one {@link DigestRun}.
 */
public final class DigestApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DigestApp.class);

  private final DigestConfig config;
  private final Clock clock;
  private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();

  private final Database database;
  private final Optional<DevOutbox> devOutbox;
  private final Mailer mailer;
  private final MimeMessages mime;
  private final FeedStateRepository feedStates;
  private final HtmlSanitizer sanitizer;
  private final Condenser condenser;
  private final EditionRepository editions;
  private final SeenItemRepository seenItems;
  private final EditionBuilder editionBuilder;
  private final DigestRenderer renderer;
  private final TemplateRenderer templates;
  private final SubscriberRepository subscribers;
  private final TokenService tokens;
  private final SubscriptionService subscriptions;
  private final DeliveryRepository deliveries;
  private final DeliveryRunner deliveryRunner;
  private final DigestRun run;

  private DigestApp(DigestConfig config, Clock clock, int devSmtpPort) {
    this.config = config;
    this.clock = clock;
    try {
      database = own(Database.open(config.database()));
      MailSettings mail = config.mail();
      if (mail.embeddedSmtp()) {
        // No SMTP host: a real SMTP server in-process takes every mail; the outbox shows it.
        DevOutbox outbox = own(DevOutbox.start(devSmtpPort, config.digest().dataDir().resolve("outbox")));
        devOutbox = Optional.of(outbox);
        mail = withSmtp(mail, outbox.smtpPort());
        log.info("no SMTP host configured: embedded dev SMTP on 127.0.0.1:{} takes all mail", outbox.smtpPort());
      } else {
        devOutbox = Optional.empty();
      }
      if (config.condense().llm().isPresent()) {
        // Accepted by the config so files stay valid, but not built yet: say so, loudly.
        log.warn("condense.mode: llm is not available in this version; articles are condensed extractively");
      }
      mailer = own(new SmtpMailer(mail));
      mime = new MimeMessages(config.mail());
      feedStates = new FeedStateRepository(database);
      sanitizer = new HtmlSanitizer();
      condenser =
          new Condenser(
              config.condense().quickSummaryHeadings(), config.condense().takeawayHeadings());
      editions = new EditionRepository(database);
      seenItems = new SeenItemRepository(database);
      editionBuilder = new EditionBuilder(config.digest(), condenser, editions, seenItems, clock);
      renderer = new DigestRenderer(config.digest());
      templates = new TemplateRenderer(config.digest().templates());
      subscribers = new SubscriberRepository(database);
      byte[] secret = SecretStore.load(config.web(), config.digest().dataDir());
      tokens = new TokenService(secret, clock);
      subscriptions =
          new SubscriptionService(
              subscribers, tokens, mailer, templates, config.digest(), config.mail(), clock);
      deliveries = new DeliveryRepository(database);
      // One runner per process: its active() runs are what the admin page and metrics show.
      deliveryRunner =
          new DeliveryRunner(
              deliveries,
              editions,
              subscribers,
              subscriptions::unsubscribeUrl,
              mailer,
              config.digest(),
              config.mail(),
              clock);
      run = new DigestRun(this);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
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
        mail.dkim());
  }

  private <T extends AutoCloseable> T own(T resource) {
    closeOrder.push(resource);
    return resource;
  }

  /** A new feed reader; the caller closes it. Stateful readers use conditional GET. */
  FeedReader feedReader(boolean withState) {
    return new FeedReader(
        config.fetch(), withState ? Optional.of(feedStates) : Optional.empty(), clock);
  }

  ArticlePreparer articlePreparer() {
    return new ArticlePreparer(config.fetch(), sanitizer);
  }

  /** The process's one delivery runner (thread-safe): progress of running deliveries, stop. */
  public DeliveryRunner deliveryRunner() {
    return deliveryRunner;
  }

  public DigestConfig config() {
    return config;
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

  /** True when the database answers (health check). */
  public boolean databaseReachable() {
    return database.ping();
  }

  public Optional<DevOutbox> devOutbox() {
    return devOutbox;
  }

  public Mailer mailer() {
    return mailer;
  }

  public MimeMessages mime() {
    return mime;
  }

  public FeedStateRepository feedStates() {
    return feedStates;
  }

  public Condenser condenser() {
    return condenser;
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
    return renderer;
  }

  public TemplateRenderer templates() {
    return templates;
  }

  public SubscriberRepository subscribers() {
    return subscribers;
  }

  public TokenService tokens() {
    return tokens;
  }

  public SubscriptionService subscriptions() {
    return subscriptions;
  }

  public DeliveryRepository deliveries() {
    return deliveries;
  }

  /** Closes in reverse order of opening; the dev SMTP server's threads must not outlive us. */
  @Override
  public void close() {
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
