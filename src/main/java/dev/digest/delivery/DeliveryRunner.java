package dev.digest.delivery;

import dev.digest.config.DigestSettings;
import dev.digest.config.MailSettings;
import dev.digest.delivery.MessageComposer.Bodies;
import dev.digest.edition.EditionRepository;
import dev.digest.edition.StoredEdition;
import dev.digest.mail.Mailer;
import dev.digest.mail.OutgoingMail;
import dev.digest.mail.VerpTokens;
import dev.digest.render.DigestTemplate;
import dev.digest.render.PersonalLinks;
import dev.digest.subscribe.SubscriberRepository;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Delivers a stored edition to its frozen audience: claims {@code delivery} rows in batches, marks
 * them {@code sending}, hands each message to the mailer, marks it {@code sent}. Resumable: rows
 * left {@code pending} or stale {@code sending} are sent again with the same Message-ID.
 *
 * <p>Transient failures are retried in place with exponential backoff and jitter; permanent ones
 * (5xx) fail the row and count towards the subscriber's bounce limit once a later message goes
 * through (or the run ends without a pause); 5xx replies that add up to a pause are a server-wide
 * refusal (a rejected sender, say), and those rows go back to {@code pending} with no bounce
 * counted (see {@code holdPermanent}). A row that ran out of retries is marked {@code failed} only
 * when another message went through meanwhile (the server works, this message does not); when
 * nothing went through since its first attempt the server may be away, so it goes back to {@code
 * pending} and is tried again later in the run. Too many consecutive errors ({@link
 * RetryPolicy#pauseAfter()}, any worker) pause the delivery (listmonk's "max send errors") instead
 * of burning through the list: the workers stop claiming, rows in hand and rows that ran out of
 * retries during the streak go back to {@code pending}, so nobody is skipped or failed by an
 * outage.
 *
 * <p>What a paused delivery does next is what an operator would do by hand: wait, try again, carry
 * on when the server answers. For up to {@link RetryPolicy#resumeWithin()} it probes the server
 * with one real message at a time (the next pending row, so a successful probe is simply a
 * delivered message), waiting {@code initialBackoff} doubling to {@code maxBackoff} between probes.
 * The first probe the server accepts resumes all workers with a fresh error count; a probe refused
 * with a 5xx goes back to {@code pending} and the next probe takes the next row (a server that
 * refuses everyone stays paused instead of failing the list one probe at a time). When the server
 * stays away longer, {@link #deliver} returns a paused {@link DeliveryReport} that says so; the
 * rows stay {@code pending} for {@code digest send --resume} or for {@code digest serve}'s
 * background worker, which tries open editions again. A {@link #stop()} ends the probing at once.
 * Defaults: pause after 20 errors, probe for 15 minutes.
 *
 * <p>Progress: a {@link DeliveryListener} per call, and {@link #active()} for the runs in progress
 * in this process (web admin, metrics). Thread-safe; one {@link #deliver} call uses {@code
 * mail.pool} worker threads.
 *
 * <p>Each {@link #deliver} call is a {@link DeliveryRun}, split by concern: {@link ClaimLoop} (the
 * workers), {@link ErrorStreak} (consecutive errors and the pause), {@link PauseProbe} (the way
 * back), {@link RunProgress} (listener, snapshot, report), all on one {@link RunState}; {@link
 * MessageComposer} fills the stored {@link DigestTemplate} for each reader.
 */
public final class DeliveryRunner {

  private final DeliveryRun.Services services;
  private final EditionRepository editions;
  private final MessageComposer composer;
  private final RetryPolicy policy;
  private final String nodeId;
  private final Set<DeliveryRun> running = ConcurrentHashMap.newKeySet();
  private volatile DeliveryReport lastReport;

  /**
   * @param unsubscribeUrls the subscriber's personal unsubscribe URL, usually {@code
   *     subscriptions::unsubscribeUrl}
   * @param policy retries, pause and probing; {@link RetryPolicy#defaults()} unless a test needs it
   *     faster
   * @param verp when present, each message's envelope sender is {@code local+TOKEN@domain} of
   *     {@code mail.bounces.address} and its List-Unsubscribe mailto {@code local+u-TOKEN@domain},
   *     so what comes back names its delivery
   */
  public DeliveryRunner(
      DeliveryRepository deliveries,
      EditionRepository editions,
      SubscriberRepository subscribers,
      LongFunction<String> unsubscribeUrls,
      Mailer mailer,
      DigestSettings digest,
      MailSettings mail,
      Clock clock,
      RetryPolicy policy,
      Optional<VerpTokens> verp) {
    this.composer = new MessageComposer(digest, mail, clock, verp);
    this.editions = Objects.requireNonNull(editions, "editions");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.nodeId =
        ManagementFactory.getRuntimeMXBean().getName()
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    this.services =
        new DeliveryRun.Services(
            Objects.requireNonNull(deliveries, "deliveries"),
            editions,
            Objects.requireNonNull(subscribers, "subscribers"),
            Objects.requireNonNull(unsubscribeUrls, "unsubscribeUrls"),
            Objects.requireNonNull(mailer, "mailer"),
            composer,
            Objects.requireNonNull(clock, "clock"),
            policy,
            nodeId,
            Math.max(1, mail.pool()));
  }

  /**
   * Message-IDs for {@link DeliveryRepository#createFor}: the app creates the rows in the
   * transaction that inserts the edition, {@code deliveries.createFor(c, id,
   * runner.messageIds(id))}, so the audience is frozen with it.
   */
  public DeliveryRepository.MessageIds messageIds(long editionId) {
    return new DeliveryRepository.MessageIds(
        "digest." + editionId + ".", "@" + composer.fromDomain());
  }

  /** The Message-ID of the edition for one subscriber: the same on every resend. */
  public String messageId(long editionId, long subscriberId) {
    return messageIds(editionId).of(subscriberId);
  }

  /** Delivers with the policy's {@code staleAfter}. */
  public DeliveryReport deliver(long editionId, DeliveryListener listener) {
    return deliver(editionId, listener, policy.staleAfter());
  }

  /**
   * Sends every {@code pending} row of the edition, and every {@code sending} row claimed longer
   * than {@code staleAfter} ago ({@link Duration#ZERO}: every row left over by an earlier run; rows
   * claimed by this run are never taken twice). Returns when no row is left to claim, when paused,
   * or after {@link #stop()}. Marks the edition sent when no row is left open.
   */
  public DeliveryReport deliver(long editionId, DeliveryListener listener, Duration staleAfter) {
    StoredEdition edition =
        editions
            .find(editionId)
            .orElseThrow(() -> new IllegalArgumentException("no edition with id " + editionId));
    DeliveryRun run = new DeliveryRun(services, edition, listener, staleAfter);
    running.add(run);
    try {
      run.sendAll();
    } finally {
      running.remove(run);
    }
    DeliveryReport report = run.finish();
    lastReport = report;
    return report;
  }

  /** The deliveries running in this process now, for the web admin and metrics. */
  public List<DeliveryProgress> active() {
    List<DeliveryProgress> out = new ArrayList<>();
    for (DeliveryRun run : running) {
      out.add(run.snapshot());
    }
    return out;
  }

  /** The report of the last {@link #deliver} call that returned in this process, if any. */
  public Optional<DeliveryReport> lastReport() {
    return Optional.ofNullable(lastReport);
  }

  /** The policy this runner delivers with. */
  public RetryPolicy policy() {
    return policy;
  }

  /** This process's part of every {@code claimed_by}: JVM name (pid@host) and a random suffix. */
  public String nodeId() {
    return nodeId;
  }

  /**
   * Asks the deliveries running now to stop claiming (shutdown); rows in hand are finished or
   * released to {@code pending}. Later {@link #deliver} calls run normally.
   */
  public void stop() {
    for (DeliveryRun run : running) {
      run.stop();
    }
  }

  /**
   * The message of a digest template to one address, filled with {@code links}: the same bodies and
   * headers as a delivery, for mail outside the audience (preview file, test send).
   */
  public OutgoingMail compose(
      DigestTemplate template, PersonalLinks links, String email, String messageId) {
    return composer.compose(new Bodies(template), links, email, messageId, Optional.empty());
  }
}
