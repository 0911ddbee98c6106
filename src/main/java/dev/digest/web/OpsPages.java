package dev.digest.web;

import dev.digest.app.DeliveryTally;
import dev.digest.app.DeliveryView;
import dev.digest.app.FeedHealth;
import dev.digest.app.FeedHealthView;
import dev.digest.config.DigestSettings;
import dev.digest.config.SmtpSettings;
import dev.digest.edition.EditionRepository;
import dev.digest.edition.StoredEdition;
import dev.digest.feedback.FeedbackRepository;
import dev.digest.mail.SmtpProbe;
import dev.digest.subscribe.SubscriberRepository;
import dev.digest.subscribe.SubscriberStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Operations: {@code /healthz} (database and SMTP reachable; public, answers only ok/failing) and
 * {@code /metrics} in the Prometheus text exposition format 0.0.4 (behind the admin guard).
 * Hand-written: a dozen gauges read from the database on each scrape need no metrics library.
 */
final class OpsPages {

  /** SMTP connect-and-greet timeout of the health check. */
  static final Duration SMTP_TIMEOUT = Duration.ofSeconds(2);

  /** A health result is reused this long, so /healthz cannot be used to hammer the SMTP server. */
  static final long HEALTH_CACHE_NANOS = Duration.ofSeconds(5).toNanos();

  private final Sources sources;
  private final Object healthLock = new Object();
  private long healthAt = Long.MIN_VALUE;
  private boolean smtpOk;

  // Send rate between two scrapes, from the growth of the sent total.
  private final AtomicLong lastSent = new AtomicLong(-1);
  private final AtomicLong lastScrapeNanos = new AtomicLong();

  /**
   * What the two pages read: a dozen numbers from as many places, so one record of exactly those.
   *
   * @param databaseUp whether the database answers
   * @param smtp the SMTP server sends use (the dev one's port when embedded)
   */
  record Sources(
      DigestSettings digest,
      BooleanSupplier databaseUp,
      SmtpSettings smtp,
      FeedHealthView feeds,
      EditionRepository editions,
      DeliveryView deliveries,
      FeedbackRepository feedback,
      SubscriberRepository subscribers) {}

  OpsPages(Sources sources) {
    this.sources = sources;
  }

  void routes(RoutesConfig r, AdminPages admin) {
    r.get("/healthz", this::health);
    r.before("/metrics", admin::guardPublic);
    r.get("/metrics", this::metrics);
  }

  private void health(Context ctx) {
    boolean db = sources.databaseUp().getAsBoolean();
    boolean smtp;
    synchronized (healthLock) {
      long now = System.nanoTime();
      if (healthAt == Long.MIN_VALUE || now - healthAt > HEALTH_CACHE_NANOS) {
        smtpOk = SmtpProbe.reachable(sources.smtp(), SMTP_TIMEOUT);
        healthAt = now;
      }
      smtp = smtpOk;
    }
    String body =
        "database "
            + (db ? "ok" : "unreachable")
            + "\nsmtp "
            + (smtp ? "ok" : "unreachable")
            + "\n";
    ctx.status(db && smtp ? 200 : 503).contentType("text/plain; charset=utf-8").result(body);
  }

  /** Newest editions whose bounce and complaint rates /metrics shows. */
  static final int RATED_EDITIONS = 10;

  private void metrics(Context ctx) {
    StringBuilder out = new StringBuilder(2048);
    List<FeedHealth> feeds = sources.feeds().all();
    long ok =
        feeds.stream().filter(f -> f.lastStatus() != 0 && f.consecutiveFailures() == 0).count();
    long failing = feeds.stream().filter(f -> f.consecutiveFailures() > 0).count();
    long never = feeds.size() - ok - failing;
    help(out, "digest_feeds", "Configured feeds by the state of their last fetch.", "gauge");
    sample(out, "digest_feeds{state=\"ok\"}", ok);
    sample(out, "digest_feeds{state=\"failing\"}", failing);
    sample(out, "digest_feeds{state=\"never_fetched\"}", never);
    help(out, "digest_feed_consecutive_failures", "Failed fetches in a row, per feed.", "gauge");
    for (FeedHealth f : feeds) {
      sample(
          out,
          "digest_feed_consecutive_failures{feed=\"" + label(f.url()) + "\"}",
          f.consecutiveFailures());
    }
    help(
        out,
        "digest_feed_items_last_fetch",
        "Items in the last successful fetch, per feed.",
        "gauge");
    for (FeedHealth f : feeds) {
      sample(
          out, "digest_feed_items_last_fetch{feed=\"" + label(f.url()) + "\"}", f.itemsLastFetch());
    }

    List<StoredEdition> editions = sources.editions().list(sources.digest().id());
    help(out, "digest_editions", "Editions built, by status.", "gauge");
    long sentEditions = editions.stream().filter(StoredEdition::finished).count();
    sample(out, "digest_editions{status=\"sent\"}", sentEditions);
    sample(out, "digest_editions{status=\"sending\"}", editions.size() - sentEditions);
    help(
        out,
        "digest_edition_last_number",
        "Number of the newest edition (0 before the first).",
        "gauge");
    sample(
        out,
        "digest_edition_last_number",
        editions.isEmpty() ? 0 : editions.get(0).edition().number());

    long pending = 0, sending = 0, sent = 0, failed = 0;
    // One GROUP BY over every edition of the digest, not a query per edition on each scrape.
    for (DeliveryTally t :
        sources
            .deliveries()
            .tallies(editions.stream().map(StoredEdition::id).collect(Collectors.toList()))
            .values()) {
      pending += t.pending();
      sending += t.sending();
      sent += t.sent();
      failed += t.failed();
    }
    help(
        out,
        "digest_deliveries",
        "Delivery rows of all editions by status; rate() of sent is the send rate.",
        "gauge");
    sample(out, "digest_deliveries{status=\"pending\"}", pending);
    sample(out, "digest_deliveries{status=\"sending\"}", sending);
    sample(out, "digest_deliveries{status=\"sent\"}", sent);
    sample(out, "digest_deliveries{status=\"failed\"}", failed);
    help(
        out,
        "digest_send_rate_per_second",
        "Mails sent per second between the last two scrapes.",
        "gauge");
    sample(out, "digest_send_rate_per_second", sendRate(sent));

    List<FeedbackRepository.EditionRates> rates =
        sources.feedback().rates(sources.digest().id(), RATED_EDITIONS);
    help(
        out,
        "digest_edition_bounce_rate",
        "Bounces (hard and soft) per mail sent, per edition.",
        "gauge");
    for (FeedbackRepository.EditionRates r : rates) {
      sample(out, "digest_edition_bounce_rate{edition=\"" + r.number() + "\"}", r.bounceRate());
    }
    help(out, "digest_edition_complaint_rate", "Complaints per mail sent, per edition.", "gauge");
    for (FeedbackRepository.EditionRates r : rates) {
      sample(
          out, "digest_edition_complaint_rate{edition=\"" + r.number() + "\"}", r.complaintRate());
    }
    help(
        out,
        "digest_complaint_rate_alert",
        "1 when an edition's complaint rate passes 0.1 % (Gmail and Yahoo filter at 0.3 %).",
        "gauge");
    sample(
        out,
        "digest_complaint_rate_alert",
        rates.stream().anyMatch(FeedbackRepository.EditionRates::complaintAlert) ? 1 : 0);

    help(out, "digest_subscribers", "Subscribers by status.", "gauge");
    for (Map.Entry<SubscriberStatus, Integer> c :
        sources.subscribers().countByStatus().entrySet()) {
      sample(out, "digest_subscribers{status=\"" + c.getKey().label() + "\"}", c.getValue());
    }
    help(out, "digest_up", "1 when the database answers.", "gauge");
    sample(out, "digest_up", sources.databaseUp().getAsBoolean() ? 1 : 0);
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(out.toString());
  }

  private double sendRate(long sentNow) {
    long now = System.nanoTime();
    long before = lastSent.getAndSet(sentNow);
    long then = lastScrapeNanos.getAndSet(now);
    if (before < 0 || now == then) {
      return 0;
    }
    return Math.max(0, sentNow - before) / ((now - then) / 1e9);
  }

  private static void help(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String series, double value) {
    out.append(series).append(' ');
    if (value == Math.rint(value) && !Double.isInfinite(value)) {
      out.append((long) value);
    } else {
      out.append(value);
    }
    out.append('\n');
  }

  /** Label values escape backslash, quote and newline (exposition format). */
  static String label(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
