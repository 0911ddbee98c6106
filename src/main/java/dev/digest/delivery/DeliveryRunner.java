package dev.digest.delivery;

import dev.digest.config.DigestSettings;
import dev.digest.config.MailSettings;
import dev.digest.edition.EditionRepository;
import dev.digest.edition.StoredEdition;
import dev.digest.mail.MailException;
import dev.digest.mail.Mailer;
import dev.digest.mail.OutgoingMail;
import dev.digest.mail.VerpTokens;
import dev.digest.delivery.MessageComposer.Bodies;
import dev.digest.render.RenderedDigest;
import dev.digest.subscribe.SubscriberRepository;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a stored edition to its frozen audience: claims {@code delivery} rows in batches, marks
 * them {@code sending}, hands each message to the mailer, marks it {@code sent}. Resumable: rows
 * left {@code pending} or stale {@code sending} are sent again with the same Message-ID.
 *
 * <p>Transient failures are retried in place with exponential backoff and jitter; permanent ones
 * (5xx) fail the row and count towards the subscriber's bounce limit once a later message goes
 * through (or the run ends without a pause); 5xx replies that add up to a pause are a server-wide
 * refusal (a rejected sender, say), and those rows go back to {@code pending} with no bounce
 * counted (see {@code holdPermanent}). A row that ran out of
 * retries is marked {@code failed} only when another message went through meanwhile (the server
 * works, this message does not); when nothing went through since its first attempt the server
 * may be away, so it goes back to {@code pending} and is tried again later in the run. Too many consecutive errors
 * ({@link RetryPolicy#pauseAfter()}, any worker) pause the delivery (listmonk's "max send errors")
 * instead of burning through the list: the workers stop claiming, rows in hand and rows that ran
 * out of retries during the streak go back to {@code pending}, so nobody is skipped or failed by
 * an outage.
 *
 * <p>What a paused delivery does next is what an operator would do by hand: wait, try again,
 * carry on when the server answers. For up to {@link RetryPolicy#resumeWithin()} it probes the
 * server with one real message at a time (the next pending row, so a successful probe is simply a
 * delivered message), waiting {@code initialBackoff} doubling to {@code maxBackoff} between probes.
 * The first probe the server accepts resumes all workers with a fresh error count; a probe
 * refused with a 5xx goes back to {@code pending} and the next probe takes the next row (a server
 * that refuses everyone stays paused instead of failing the list one probe at a time). When the
 * server stays away longer, {@link #deliver} returns a paused {@link DeliveryReport} that says so; the rows stay {@code pending} for {@code digest send
 * --resume} or for {@code digest serve}'s background worker, which tries open editions again. A
 * {@link #stop()} ends the probing at once. Defaults: pause after 20 errors, probe for 15 minutes.
 *
 * <p>Progress: a {@link DeliveryListener} per call, and {@link #active()} for the runs in progress
 * in this process (web admin, metrics). Thread-safe; one {@link #deliver} call uses {@code
 * mail.pool} worker threads.
 */
public final class DeliveryRunner {

  private static final Logger log = LoggerFactory.getLogger(DeliveryRunner.class);
  private static final long PROGRESS_EVERY_NANOS = 500_000_000L;
  private static final Duration MARK_LINGER = Duration.ofMillis(2);
  // How stale a worker's view of its claimed rows' suppression may get: a query per batch range
  // at most this often (a few a second at 1,000 msg/s), so a bounce processed mid-batch counts.
  static final long SUPPRESSION_CHECK_NANOS = 50_000_000L;

  private final DeliveryRepository deliveries;
  private final EditionRepository editions;
  private final SubscriberRepository subscribers;
  private final LongFunction<String> unsubscribeUrls;
  private final Mailer mailer;
  private final DigestSettings digest;
  private final MailSettings mail;
  private final MessageComposer composer;
  private final Clock clock;
  private final RetryPolicy policy;
  private final String fromDomain;
  private final String nodeId;
  private final java.util.Set<Run> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile DeliveryReport lastReport;

  /**
   * @param unsubscribeUrls the subscriber's personal unsubscribe URL, usually {@code
   *     subscriptions::unsubscribeUrl}
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
      RetryPolicy policy) {
    this(deliveries, editions, subscribers, unsubscribeUrls, mailer, digest, mail, clock, policy,
        Optional.empty());
  }

  /**
   * As above; {@code verp} makes each message's envelope sender {@code local+TOKEN@domain} of
   * {@code mail.bounces.address} and its List-Unsubscribe mailto {@code local+u-TOKEN@domain}, so
   * what comes back names its delivery.
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
    this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
    this.editions = Objects.requireNonNull(editions, "editions");
    this.subscribers = Objects.requireNonNull(subscribers, "subscribers");
    this.unsubscribeUrls = Objects.requireNonNull(unsubscribeUrls, "unsubscribeUrls");
    this.mailer = Objects.requireNonNull(mailer, "mailer");
    this.digest = Objects.requireNonNull(digest, "digest");
    this.mail = Objects.requireNonNull(mail, "mail");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.fromDomain = composer.fromDomain();
    this.nodeId =
        ManagementFactory.getRuntimeMXBean().getName()
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
  }

  /** With {@link RetryPolicy#defaults()}. */
  public DeliveryRunner(
      DeliveryRepository deliveries,
      EditionRepository editions,
      SubscriberRepository subscribers,
      LongFunction<String> unsubscribeUrls,
      Mailer mailer,
      DigestSettings digest,
      MailSettings mail,
      Clock clock) {
    this(
        deliveries,
        editions,
        subscribers,
        unsubscribeUrls,
        mailer,
        digest,
        mail,
        clock,
        RetryPolicy.defaults());
  }

  /**
   * Message-IDs for {@link DeliveryRepository#createFor}: the app creates the rows in the
   * transaction that inserts the edition, {@code deliveries.createFor(c, id,
   * runner.messageIds(id))}, so the audience is frozen with it.
   */
  public DeliveryRepository.MessageIds messageIds(long editionId) {
    return new DeliveryRepository.MessageIds("digest." + editionId + ".", "@" + fromDomain);
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
   * than {@code staleAfter} ago ({@link Duration#ZERO}: every row left over by an earlier run;
   * rows claimed by this run are never taken twice). Returns when no row is left to claim, when
   * paused, or after {@link #stop()}. Marks the edition sent when no row is left open.
   */
  public DeliveryReport deliver(long editionId, DeliveryListener listener, Duration staleAfter) {
    StoredEdition edition =
        editions
            .find(editionId)
            .orElseThrow(() -> new IllegalArgumentException("no edition with id " + editionId));
    Run run = new Run(edition, listener, staleAfter);
    running.add(run);
    // Marks are committed 2 ms after they are queued, or at the worker's next hand-off if sooner.
    run.marks.startCommitter(MARK_LINGER, "delivery-" + editionId + "-marks");
    int workers = Math.max(1, mail.pool());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "delivery-" + editionId);
              t.setDaemon(true);
              return t;
            });
    Throwable crash = null;
    try {
      while (true) {
        crash = runWorkers(run, pool, workers);
        if (crash != null || run.stop.get() || !run.paused.get() || !run.recover()) {
          break;
        }
      }
    } finally {
      pool.shutdownNow();
      run.marks.close();
      running.remove(run);
    }
    if (crash instanceof Error) {
      throw (Error) crash;
    }
    if (crash instanceof RuntimeException) {
      throw (RuntimeException) crash;
    }
    return run.finish();
  }

  /** Runs every worker until each returns; the first crash of a worker, or null. */
  private Throwable runWorkers(Run run, ExecutorService pool, int workers) {
    Throwable crash = null;
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      String worker = nodeId + "-w" + i;
      futures.add(pool.submit(() -> run.work(worker)));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        // A worker died (a bug, or an Error): stop the others, leave its rows for a resume.
        run.stop.set(true);
        if (crash == null) {
          crash = e.getCause();
        }
      } catch (InterruptedException e) {
        run.stop.set(true);
        Thread.currentThread().interrupt();
      }
    }
    return crash;
  }

  /** The deliveries running in this process now, for the web admin and metrics. */
  public List<DeliveryProgress> active() {
    List<DeliveryProgress> out = new ArrayList<>();
    for (Run run : running) {
      out.add(run.snapshot());
    }
    return out;
  }

  /** The report of the last {@link #deliver} call that returned in this process, if any. */
  public java.util.Optional<DeliveryReport> lastReport() {
    return java.util.Optional.ofNullable(lastReport);
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
    for (Run run : running) {
      run.stop.set(true);
    }
  }

  /**
   * The message of a rendered edition to one address with the given unsubscribe link: the same
   * headers as a delivery, also for mail outside the audience (preview file, test send).
   */
  public OutgoingMail compose(
      RenderedDigest rendered, String unsubscribeUrl, String email, String messageId) {
    return composer.compose(
        Bodies.of(rendered), unsubscribeUrl, email, messageId, Optional.empty());
  }

  /** One worker's state: the number of its last queued sent mark (0: none). */
  private static final class Worker {
    long lastMark;
  }

  /** A row refused with a 5xx, held until it is clear whether the address or the server is at fault. */
  private record Held(long ticket, String error) {}

  /** The state of one {@link #deliver} call, shared by its workers. */
  private final class Run {
    final StoredEdition edition;
    final Bodies bodies;
    final DeliveryListener listener;
    final Duration staleAfter;
    final Instant started;
    final long startedNanos = System.nanoTime();
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicBoolean paused = new AtomicBoolean();
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    final java.util.Set<Long> bouncing = subscribers.withBounces();
    final SentMarks marks = new SentMarks(deliveries);
    volatile String lastError = "";
    volatile boolean probing;
    final AtomicLong cursor = new AtomicLong(Long.MIN_VALUE);
    final Map<Long, Long> outageSuspects = new java.util.concurrent.ConcurrentHashMap<>();
    volatile Duration gaveUpAfter = Duration.ZERO;
    // Consecutive failed attempts across workers, ordered by when each attempt started (a
    // ticket), and the rows that ran out of retries meanwhile: if the streak ends in a pause,
    // those were casualties of an outage, not bad addresses. Ordering by start, not by when the
    // outcome is recorded, keeps a slow success from wiping out errors that came after it.
    final AtomicLong tickets = new AtomicLong();
    private long lastSuccessTicket = -1;
    private final java.util.TreeSet<Long> streakErrors = new java.util.TreeSet<>();
    private final Map<DeliveryRow, Long> streakFailures = new LinkedHashMap<>();
    // Rows refused with a 5xx that no later message has yet shown to be about the address: see
    // holdPermanent. Failed (and counted as a bounce) once a message whose attempt started later
    // goes through, or when the run ends without a pause; back to pending if the streak pauses.
    private final Map<DeliveryRow, Held> heldPermanent = new LinkedHashMap<>();
    volatile boolean lastErrorPermanent;
    final AtomicLong probeCursor = new AtomicLong(Long.MIN_VALUE);

    Run(StoredEdition edition, DeliveryListener listener, Duration staleAfter) {
      this.edition = edition;
      this.bodies =
          Bodies.of(new RenderedDigest(edition.subject(), "", edition.html(), edition.text()));
      this.listener = listener == null ? DeliveryListener.NONE : listener;
      this.staleAfter = staleAfter;
      this.started = clock.instant();
    }

    boolean halted() {
      return stop.get() || paused.get();
    }

    void work(String worker) {
      Worker self = new Worker();
      try {
        work(worker, self);
      } catch (RuntimeException | Error e) {
        try {
          marks.awaitCommitted(self.lastMark);
        } catch (RuntimeException m) {
          if (m != e) {
            e.addSuppressed(m);
          }
        }
        throw e;
      }
      // The last message's mark, before this worker counts as done.
      marks.awaitCommitted(self.lastMark);
    }

    void work(String worker, Worker self) {
      while (!halted()) {
        // From the cursor first (cheap); from the start only when nothing is left above it, to
        // pick up rows given back, stale ones, and rows below the cursor another worker skipped.
        List<DeliveryRow> rows =
            deliveries.claim(edition.id(), policy.batchSize(), worker, staleBefore(), cursor.get());
        if (rows.isEmpty() && cursor.get() != Long.MIN_VALUE) {
          rows = deliveries.claim(edition.id(), policy.batchSize(), worker, staleBefore());
        }
        if (rows.isEmpty()) {
          return;
        }
        long highest = rows.get(rows.size() - 1).subscriberId();
        cursor.accumulateAndGet(highest, Math::max);
        long checked = System.nanoTime();
        Set<Long> suppressed = Set.of();
        for (int i = 0; i < rows.size(); i++) {
          DeliveryRow row = rows.get(i);
          if (halted()) {
            for (int j = i; j < rows.size(); j++) {
              deliveries.release(rows.get(j), null);
            }
            break;
          }
          // A bounce or complaint processed while this batch is in hand suppresses its row in
          // the database; look again every SUPPRESSION_CHECK so such a row is passed by.
          if (System.nanoTime() - checked > SUPPRESSION_CHECK_NANOS) {
            suppressed = deliveries.suppressedAmong(rows.subList(i, rows.size()));
            checked = System.nanoTime();
          }
          if (suppressed.contains(row.subscriberId())) {
            log.info("row passed by edition_id={} subscriber_id={}: suppressed meanwhile",
                row.editionId(), row.subscriberId());
            continue;
          }
          send(row, self);
          progress(false);
        }
      }
    }

    // Rows claimed by this run are never stale to it: with staleAfter = 0 (resume after a crash),
    // only rows claimed before this run started are taken over.
    Instant staleBefore() {
      return staleAfter.isZero() ? started : clock.instant().minus(staleAfter);
    }

    void send(DeliveryRow row, Worker self) {
      OutgoingMail message =
          composer.compose(bodies, unsubscribeUrls.apply(row.subscriberId()), row.email(),
              row.messageId(),
              Optional.of(new MessageComposer.Recipient(row.editionId(), row.subscriberId())));
      // A row given back for lack of proof that the server works keeps its first ticket.
      long firstTicket = outageSuspects.getOrDefault(row.subscriberId(), -1L);
      for (int attempt = 1; ; attempt++) {
        String error;
        boolean permanent;
        long ticket = tickets.incrementAndGet();
        if (firstTicket < 0) {
          firstTicket = ticket;
        }
        // This message is handed over only once the worker's previous one is recorded sent.
        RuntimeException[] markFailure = new RuntimeException[1];
        long previous = self.lastMark;
        Runnable beforeHandOff =
            () -> {
              try {
                marks.awaitCommitted(previous);
              } catch (RuntimeException e) {
                markFailure[0] = e;
                throw e;
              }
            };
        try {
          mailer.send(message, beforeHandOff);
          error = null;
          permanent = false;
        } catch (MailException e) {
          error = e.getMessage() == null ? "unknown error" : e.getMessage();
          permanent = e.permanent();
        } catch (RuntimeException e) {
          // Not a classified mail failure (a bug in a mailer, an I/O surprise): retry it.
          error = e.toString();
          permanent = false;
        }
        if (markFailure[0] != null) {
          // The database did not take the previous mark: stop like a failed mark (this message
          // was not handed over; both rows stay 'sending' for a resume).
          throw markFailure[0];
        }
        if (error == null) {
          // Queued, committed with other workers' marks before this worker hands over its next
          // message (or stops). A database failure then stops the run; the row stays 'sending'
          // and a resume re-sends it with the same Message-ID.
          self.lastMark = marks.enqueue(row);
          // Only subscribers with a run of bounces need their count reset: saves a write each.
          if (bouncing.contains(row.subscriberId())) {
            subscribers.recordSuccess(row.subscriberId());
          }
          sent.incrementAndGet();
          confirm(success(ticket));
          return;
        }
        lastError = error;
        lastErrorPermanent = permanent;
        log.warn(
            "send failed edition_id={} subscriber_id={} attempt={} permanent={} error={}",
            row.editionId(),
            row.subscriberId(),
            attempt,
            permanent,
            lastError);
        if (permanent) {
          holdPermanent(row, ticket, lastError);
          error(ticket, null);
          return;
        }
        if (error(ticket, row) || halted()) {
          // This error paused the delivery, or another did: the row goes back for the resume.
          deliveries.release(row, lastError);
          return;
        }
        if (attempt >= policy.maxAttempts()) {
          if (!serverWorkedSince(firstTicket)) {
            // Nothing went through since this row's first attempt, on any worker: the server is
            // away, not this address. Back to pending; the error streak pauses the run soon.
            outageSuspects.put(row.subscriberId(), firstTicket);
            deliveries.release(row, lastError);
            return;
          }
          outageSuspects.remove(row.subscriberId());
          if (!deliveries.markFailed(row, false, lastError)) {
            return; // suppressed meanwhile: it stays so, and is no failure of this run
          }
          failed.incrementAndGet();
          synchronized (this) {
            if (ticket > lastSuccessTicket) {
              streakFailures.put(row, ticket);
            }
          }
          return;
        }
        if (!deliveries.recordAttempt(row, lastError)) {
          // Suppressed while it waited to be retried: its subscriber bounced or complained.
          log.info("retry dropped edition_id={} subscriber_id={}: suppressed meanwhile",
              row.editionId(), row.subscriberId());
          return;
        }
        if (!sleep(policy.backoff(attempt, ThreadLocalRandom.current().nextDouble()))
            || halted()) {
          deliveries.release(row, lastError);
          return;
        }
      }
    }

    /** True when a message whose attempt started after {@code ticket} went through. */
    synchronized boolean serverWorkedSince(long ticket) {
      return lastSuccessTicket > ticket;
    }

    /**
     * A message went through: errors of attempts that started before it are not consecutive, and
     * 5xx replies to those attempts were about their addresses. Returns the held rows that this
     * confirms as failed (the caller writes them, outside the lock).
     */
    synchronized List<Map.Entry<DeliveryRow, Held>> success(long ticket) {
      lastSuccessTicket = Math.max(lastSuccessTicket, ticket);
      streakErrors.headSet(ticket).clear();
      streakFailures.values().removeIf(t -> t < ticket);
      List<Map.Entry<DeliveryRow, Held>> confirmed = new ArrayList<>();
      if (!heldPermanent.isEmpty()) {
        heldPermanent.entrySet().removeIf(
            e -> e.getValue().ticket() < ticket && confirmed.add(Map.entry(e.getKey(), e.getValue())));
      }
      return confirmed;
    }

    /**
     * The rule for permanent (5xx) replies: one address refused while others go through is that
     * address's problem, so the row fails and the subscriber's bounce count goes up. But a server
     * that refuses everything (the sender address rejected, a relay that does not accept us, a
     * full disk answered with 5xx) is a server-wide condition, not a list of bad addresses. So a
     * refused row is held (it stays {@code sending}) until a message whose attempt started after
     * its own is accepted: then it fails and bounces. If instead the refusals add up to a pause
     * ({@link RetryPolicy#pauseAfter()} consecutive errors with nothing accepted), every held row
     * goes back to {@code pending} with no bounce counted. A run that ends without a pause fails
     * what is still held (fewer refusals than a pause, e.g. a last address that is bad).
     */
    void holdPermanent(DeliveryRow row, long ticket, String error) {
      boolean proven;
      synchronized (this) {
        proven = serverWorkedSince(ticket);
        if (!proven) {
          heldPermanent.put(row, new Held(ticket, error));
        }
      }
      if (proven) {
        failPermanently(row, error);
      }
    }

    void confirm(List<Map.Entry<DeliveryRow, Held>> rows) {
      for (Map.Entry<DeliveryRow, Held> e : rows) {
        failPermanently(e.getKey(), e.getValue().error());
      }
    }

    void failPermanently(DeliveryRow row, String error) {
      // The refusal counts against the address either way; a row suppressed meanwhile stays so.
      subscribers.recordPermanentFailure(row.subscriberId());
      if (!deliveries.markFailed(row, true, error)) {
        return;
      }
      failed.incrementAndGet();
    }

    /** Held rows at the end of the run: failed after a normal end, pending otherwise. */
    void settleHeld() {
      List<Map.Entry<DeliveryRow, Held>> rows;
      synchronized (this) {
        rows = new ArrayList<>(heldPermanent.entrySet());
        heldPermanent.clear();
      }
      if (paused.get() || stop.get()) {
        for (Map.Entry<DeliveryRow, Held> e : rows) {
          deliveries.release(e.getKey(), e.getValue().error());
        }
      } else {
        confirm(rows);
      }
    }

    /** Counts an error; true when it is the one that pauses the delivery. */
    synchronized boolean error(long ticket, DeliveryRow transientRow) {
      if (ticket < lastSuccessTicket || paused.get()) {
        // Older than a later success: not part of the current streak.
        return false;
      }
      streakErrors.add(ticket);
      if (streakErrors.size() < policy.pauseAfter()) {
        return false;
      }
      paused.set(true);
      // Rows that ran out of retries during this streak failed because of the outage, and rows
      // refused with a 5xx during it were refused by a server that refuses everything.
      for (DeliveryRow r : streakFailures.keySet()) {
        deliveries.release(r, lastError);
        failed.decrementAndGet();
      }
      streakFailures.clear();
      for (Map.Entry<DeliveryRow, Held> e : heldPermanent.entrySet()) {
        deliveries.release(e.getKey(), e.getValue().error());
      }
      heldPermanent.clear();
      log.warn(
          "delivery paused edition_id={} consecutive_errors={} last_error={}",
          edition.id(),
          streakErrors.size(),
          lastError);
      return transientRow != null;
    }

    /**
     * Paused: probes the server with one message at a time until it answers (true: carry on) or
     * {@code resumeWithin} has passed or the run is stopped (false: return paused).
     */
    boolean recover() {
      Duration within = policy.resumeWithin();
      if (within.isZero()) {
        return false;
      }
      long deadline = System.nanoTime() + within.toNanos();
      probing = true;
      try {
        log.warn(
            "delivery paused edition_id={} probing the mail server for up to {} s last_error={}",
            edition.id(),
            within.toSeconds(),
            lastError);
        for (int n = 1; ; n++) {
          Duration wait = policy.backoff(n, ThreadLocalRandom.current().nextDouble());
          if (System.nanoTime() + wait.toNanos() - deadline > 0) {
            log.warn(
                "delivery stays paused edition_id={} probed_for_s={} last_error={}",
                edition.id(),
                within.toSeconds(),
                lastError);
            gaveUpAfter = within;
            return false;
          }
          if (!sleepUnlessStopped(wait)) {
            return false;
          }
          Boolean up = probe();
          if (up == null || up) {
            resetStreak();
            paused.set(false);
            log.info(
                "delivery resumed edition_id={} after_probes={} server_up={}",
                edition.id(),
                n,
                up != null);
            return true;
          }
        }
      } finally {
        probing = false;
      }
    }

    /**
     * One message as a probe: true when the server accepted it, false when not, null when no row
     * is left. A 5xx does not count as the server being back: a server that refuses everyone
     * answers every probe that way. The refused row goes back to {@code pending} without a bounce,
     * and the next probe takes the next row (a bad address cannot keep the delivery paused).
     */
    Boolean probe() {
      long after = probeCursor.get();
      List<DeliveryRow> rows =
          deliveries.claim(edition.id(), 1, nodeId + "-probe", staleBefore(), after);
      if (rows.isEmpty() && after != Long.MIN_VALUE) {
        rows = deliveries.claim(edition.id(), 1, nodeId + "-probe", staleBefore());
      }
      if (rows.isEmpty()) {
        return null;
      }
      DeliveryRow row = rows.get(0);
      probeCursor.set(row.subscriberId());
      OutgoingMail message =
          composer.compose(bodies, unsubscribeUrls.apply(row.subscriberId()), row.email(),
              row.messageId(),
              Optional.of(new MessageComposer.Recipient(row.editionId(), row.subscriberId())));
      try {
        mailer.send(message);
      } catch (MailException e) {
        lastError = e.getMessage() == null ? "unknown error" : e.getMessage();
        lastErrorPermanent = e.permanent();
        deliveries.release(row, lastError);
        log.info("probe failed edition_id={} permanent={} error={}", edition.id(), e.permanent(), lastError);
        return false;
      } catch (RuntimeException e) {
        lastError = e.toString();
        lastErrorPermanent = false;
        deliveries.release(row, lastError);
        log.info("probe failed edition_id={} error={}", edition.id(), lastError);
        return false;
      }
      deliveries.markSent(row);
      if (bouncing.contains(row.subscriberId())) {
        subscribers.recordSuccess(row.subscriberId());
      }
      sent.incrementAndGet();
      return true;
    }

    synchronized void resetStreak() {
      lastSuccessTicket = tickets.get();
      streakErrors.clear();
      streakFailures.clear();
    }

    /** Sleeps in short steps so that {@link #stop()} ends a long wait at once; false when stopped. */
    boolean sleepUnlessStopped(Duration d) {
      long end = System.nanoTime() + d.toNanos();
      while (!stop.get()) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        if (!sleep(Duration.ofNanos(Math.min(left, 100_000_000L)))) {
          return false;
        }
      }
      return false;
    }

    DeliveryProgress snapshot() {
      return new DeliveryProgress(
          edition.id(), sent.get(), failed.get(), rate(), paused.get(), probing, started);
    }

    boolean sleep(Duration d) {
      try {
        Thread.sleep(Math.max(0, d.toMillis()));
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    void progress(boolean force) {
      // Nobody listens (scheduled, admin and worker sends): skip the count it would be given, a
      // GROUP BY over the edition's rows twice a second for the whole send.
      if (listener == DeliveryListener.NONE) {
        return;
      }
      long now = System.nanoTime();
      long last = lastProgress.get();
      if (!force && (now - last < PROGRESS_EVERY_NANOS || !lastProgress.compareAndSet(last, now))) {
        return;
      }
      listener.onProgress(deliveries.counts(edition.id()), rate());
    }

    double rate() {
      double seconds = (System.nanoTime() - startedNanos) / 1e9;
      return seconds <= 0 ? 0 : sent.get() / seconds;
    }

    /** Why the server stayed paused, for the report; "" when it did not probe. */
    String pauseReason() {
      String probed = gaveUpAfter.isZero() ? "" : " for " + gaveUpAfter.toSeconds() + " s";
      if (lastErrorPermanent) {
        return ", the server refused every message" + probed
            + " (a rejected sender or relay setting? check mail.from and the SMTP account)";
      }
      return probed.isEmpty() ? "" : ", the server did not answer" + probed;
    }

    DeliveryReport finish() {
      settleHeld();
      DeliveryCounts counts = deliveries.counts(edition.id());
      if (counts.remaining() == 0 && !edition.finished()) {
        editions.markSent(edition.id());
      }
      listener.onProgress(counts, rate());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
      String message;
      if (paused.get()) {
        message =
            String.format(
                Locale.ROOT,
                "delivery of edition %d paused after %d consecutive errors (last: %s)%s;"
                    + " %d messages left: fix the mail server, then run `digest send --resume`"
                    + " (`digest serve` retries by itself)",
                edition.id(),
                policy.pauseAfter(),
                lastError,
                pauseReason(),
                counts.remaining());
      } else if (counts.remaining() > 0) {
        message =
            String.format(
                Locale.ROOT,
                "delivery of edition %d: %d sent, %d failed here; %d rows still open (claimed by other"
                    + " workers, or left for `digest send --resume`)",
                edition.id(),
                sent.get(),
                failed.get(),
                counts.remaining());
      } else {
        message =
            String.format(
                Locale.ROOT,
                "edition %d delivered: %d sent now, %d sent in all, %d failed, in %d ms",
                edition.id(),
                sent.get(),
                counts.sent(),
                counts.failed(),
                elapsed.toMillis());
      }
      log.info(
          "delivery done edition_id={} sent={} failed={} paused={} remaining={} elapsed_ms={}"
              + " sent_mark_commits={}",
          edition.id(),
          sent.get(),
          failed.get(),
          paused.get(),
          counts.remaining(),
          elapsed.toMillis(),
          marks.commits());
      DeliveryReport report =
          new DeliveryReport(
              edition.id(), sent.get(), failed.get(), elapsed, paused.get(), message, counts);
      lastReport = report;
      return report;
    }
  }
}
