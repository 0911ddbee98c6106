package dev.digest.delivery;

import dev.digest.delivery.MessageComposer.Bodies;
import dev.digest.edition.EditionRepository;
import dev.digest.edition.StoredEdition;
import dev.digest.mail.OutgoingMail;
import dev.digest.render.DigestTemplate;
import dev.digest.render.PersonalLinks;
import dev.digest.subscribe.SubscriberRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The state of one {@link DeliveryRun}, shared by its workers, its error streak, its probes and its
 * progress: counts, flags, cursors, the last error, and the bodies its rows send. The streak's own
 * state (and its lock) is in {@link ErrorStreak}. Only state: the threads and the pause loop that
 * work on it are {@link DeliveryRun}'s, so each part depends on this class and not on the others.
 */
final class RunState {
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
  final Set<Long> bouncing;
  final SentMarks marks;
  volatile String lastError = "";
  volatile boolean probing;
  final AtomicLong cursor = new AtomicLong(Long.MIN_VALUE);
  final Map<Long, Long> outageSuspects = new ConcurrentHashMap<>();
  volatile Duration gaveUpAfter = Duration.ZERO;
  volatile boolean lastErrorPermanent;
  final AtomicLong probeCursor = new AtomicLong(Long.MIN_VALUE);
  private final Clock clock;
  private final MessageComposer composer;
  private final LongFunction<String> unsubscribeUrls;

  private final EditionRepository editions;
  private final Map<Integer, Bodies> variants = new ConcurrentHashMap<>();

  RunState(
      StoredEdition edition,
      DeliveryListener listener,
      Duration staleAfter,
      Clock clock,
      SubscriberRepository subscribers,
      DeliveryRepository deliveries,
      EditionRepository editions,
      MessageComposer composer,
      LongFunction<String> unsubscribeUrls) {
    this.editions = editions;
    this.clock = clock;
    this.composer = composer;
    this.unsubscribeUrls = unsubscribeUrls;
    this.bouncing = subscribers.withBounces();
    this.marks = new SentMarks(deliveries);
    this.edition = edition;
    this.bodies = new Bodies(DigestTemplate.of(edition));
    this.listener = listener == null ? DeliveryListener.NONE : listener;
    this.staleAfter = staleAfter;
    this.started = clock.instant();
  }

  /**
   * The bodies a row sends: the edition's own (variant 0), or those made with the edition for
   * readers who left topics out, read once per run and shared by every reader of that choice.
   */
  Bodies bodiesFor(int variant) {
    if (variant == 0) {
      return bodies;
    }
    return variants.computeIfAbsent(
        variant,
        v -> {
          EditionRepository.Variant found =
              editions
                  .variant(edition.id(), v)
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "edition " + edition.id() + " has no body variant " + v));
          return new Bodies(DigestTemplate.of(found));
        });
  }

  /** The message of a claimed row: its body variant, filled for its reader. */
  OutgoingMail message(DeliveryRow row) {
    return composer.compose(
        bodiesFor(row.variant()),
        new PersonalLinks(unsubscribeUrls.apply(row.subscriberId())),
        row.email(),
        row.messageId(),
        Optional.of(new MessageComposer.Recipient(row.editionId(), row.subscriberId())));
  }

  boolean halted() {
    return stop.get() || paused.get();
  }

  // Rows claimed by this run are never stale to it: with staleAfter = 0 (resume after a crash),
  // only rows claimed before this run started are taken over.
  Instant staleBefore() {
    return staleAfter.isZero() ? started : clock.instant().minus(staleAfter);
  }

  /**
   * Sleeps in short steps so that {@link DeliveryRunner#stop()} ends a long wait at once; false
   * when stopped.
   */
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

  boolean sleep(Duration d) {
    try {
      Thread.sleep(Math.max(0, d.toMillis()));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
