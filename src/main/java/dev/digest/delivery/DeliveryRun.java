package dev.digest.delivery;

import dev.digest.edition.EditionRepository;
import dev.digest.edition.StoredEdition;
import dev.digest.mail.Mailer;
import dev.digest.subscribe.SubscriberRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * One {@link DeliveryRunner#deliver} call: the parts that work on its {@link RunState} (workers,
 * error streak, pause probe, progress) and the loop that drives them: run the workers until each
 * returns; when they stopped because the run paused, probe the server and, if it answers, run them
 * again.
 *
 * <p>The worker threads and the pause loop live here, not in {@link RunState}: the state is what
 * every part reads and writes, and keeping it free of threads and of the parts themselves lets each
 * part depend on the state alone. The runner stays what lives as long as the process: its
 * collaborators, the runs in progress, the last report.
 */
final class DeliveryRun {

  // Marks are committed this long after they are queued, or at the worker's next hand-off if
  // sooner: a crash then rarely finds an accepted message unrecorded.
  private static final Duration MARK_LINGER = Duration.ofMillis(2);

  /** What every run of one runner works with; {@code workers} is {@code mail.pool}, at least 1. */
  record Services(
      DeliveryRepository deliveries,
      EditionRepository editions,
      SubscriberRepository subscribers,
      LongFunction<String> unsubscribeUrls,
      Mailer mailer,
      MessageComposer composer,
      Clock clock,
      RetryPolicy policy,
      String nodeId,
      int workers) {}

  private final Services services;
  private final RunState state;
  private final RunProgress progress;
  private final ClaimLoop workers;
  private final PauseProbe probe;

  DeliveryRun(
      Services services, StoredEdition edition, DeliveryListener listener, Duration staleAfter) {
    this.services = services;
    this.state =
        new RunState(
            edition,
            listener,
            staleAfter,
            services.clock(),
            services.subscribers(),
            services.deliveries(),
            services.editions(),
            services.composer(),
            services.unsubscribeUrls());
    ErrorStreak streak =
        new ErrorStreak(state, services.deliveries(), services.subscribers(), services.policy());
    this.progress =
        new RunProgress(
            state, streak, services.deliveries(), services.editions(), services.policy());
    this.workers =
        new ClaimLoop(
            state,
            streak,
            progress,
            services.deliveries(),
            services.subscribers(),
            services.mailer(),
            services.policy());
    this.probe =
        new PauseProbe(
            state,
            streak,
            services.deliveries(),
            services.subscribers(),
            services.mailer(),
            services.policy(),
            services.nodeId());
  }

  /**
   * Sends until no row is left to claim, the run stays paused, or it is stopped; rethrows the first
   * crash of a worker (its rows stay for a resume). Call {@link #finish()} after it returns.
   */
  void sendAll() {
    long editionId = state.edition.id();
    state.marks.startCommitter(MARK_LINGER, "delivery-" + editionId + "-marks");
    ExecutorService pool =
        Executors.newFixedThreadPool(
            services.workers(),
            r -> {
              Thread t = new Thread(r, "delivery-" + editionId);
              t.setDaemon(true);
              return t;
            });
    Throwable crash = null;
    try {
      while (true) {
        crash = runWorkers(pool);
        if (crash != null || state.stop.get() || !state.paused.get() || !probe.recover()) {
          break;
        }
      }
    } finally {
      pool.shutdownNow();
      state.marks.close();
    }
    if (crash instanceof Error) {
      throw (Error) crash;
    }
    if (crash instanceof RuntimeException) {
      throw (RuntimeException) crash;
    }
  }

  /** Runs every worker until each returns; the first crash of a worker, or null. */
  private Throwable runWorkers(ExecutorService pool) {
    Throwable crash = null;
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < services.workers(); i++) {
      String worker = services.nodeId() + "-w" + i;
      futures.add(pool.submit(() -> workers.work(worker)));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        // A worker died (a bug, or an Error): stop the others, leave its rows for a resume.
        state.stop.set(true);
        if (crash == null) {
          crash = e.getCause();
        }
      } catch (InterruptedException e) {
        state.stop.set(true);
        Thread.currentThread().interrupt();
      }
    }
    return crash;
  }

  /** The report of the run, marking the edition sent when no row is left open. */
  DeliveryReport finish() {
    return progress.finish();
  }

  /** Where the run is now, for {@link DeliveryRunner#active()}. */
  DeliveryProgress snapshot() {
    return progress.snapshot();
  }

  /** Asks the workers to stop claiming and a probe to stop waiting. */
  void stop() {
    state.stop.set(true);
  }
}
