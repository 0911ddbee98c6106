package dev.digest.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * Records {@code sent} marks with group commit. A worker whose message the server accepted {@link
 * #enqueue}s the row and goes on with its next message; before it hands that one over (just before
 * the end of SMTP DATA) it {@link #awaitCommitted waits} until the previous mark is committed. So
 * at any moment each worker has at most one accepted message whose mark is not yet durable, as with
 * one transaction per message (after a kill, at most the pool size is sent twice), but the wait
 * overlaps the next message's transfer and the marks of all workers that queued meanwhile go into
 * one commit: on H2 every commit rewrites the changed pages of the table and its indexes, which was
 * half of a worker's time with one commit per message.
 *
 * <p>With {@link #startCommitter} a background thread also commits whatever is queued a moment (the
 * linger) after it was queued, so a mark does not stay pending while its worker waits for the rate
 * limit or a slow server: a crash then rarely finds an accepted message unrecorded, and never more
 * than one per worker. Thread-safe.
 */
final class SentMarks {

  private final DeliveryRepository deliveries;
  private List<DeliveryRow> queue = new ArrayList<>();
  private long enqueued;
  private long committedThrough;
  private boolean committing;
  private RuntimeException failure;
  private long commits;
  private boolean closed;

  SentMarks(DeliveryRepository deliveries) {
    this.deliveries = deliveries;
  }

  /** Queues a sent mark; returns its number for {@link #awaitCommitted}. */
  synchronized long enqueue(DeliveryRow row) {
    queue.add(row);
    if (queue.size() == 1) {
      notifyAll(); // wakes the committer
    }
    return ++enqueued;
  }

  /**
   * Starts a daemon thread that commits queued marks {@code linger} after the first of them was
   * queued (marks queued meanwhile join), until {@link #close}.
   */
  void startCommitter(java.time.Duration linger, String name) {
    long nanos = linger.toNanos();
    Thread t =
        new Thread(
            () -> {
              while (true) {
                synchronized (this) {
                  while (!closed && failure == null && committedThrough >= enqueued) {
                    try {
                      wait();
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                  if (closed || failure != null) {
                    return;
                  }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(nanos);
                long last;
                synchronized (this) {
                  last = enqueued;
                }
                try {
                  awaitCommitted(last);
                } catch (RuntimeException e) {
                  return; // sticky: the workers get it at their next hand-off
                }
              }
            },
            name);
    t.setDaemon(true);
    t.start();
  }

  /** Stops the committer; queued marks are still committed by {@link #awaitCommitted}. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  /** Queues a mark and waits for it: one message's mark, committed when this returns. */
  void markSent(DeliveryRow row) {
    awaitCommitted(enqueue(row));
  }

  /**
   * Returns once mark {@code number} (and every mark queued before it) is committed, committing the
   * queue itself when no other worker is. Throws what a failed commit threw (and so does every
   * later call: the database is not taking marks; the rows stay {@code sending} and a resume sends
   * them again with the same Message-ID). {@code number <= 0}: returns at once.
   */
  void awaitCommitted(long number) {
    boolean interrupted = false;
    try {
      while (true) {
        List<DeliveryRow> group;
        long through;
        synchronized (this) {
          while (true) {
            if (committedThrough >= number) {
              return;
            }
            if (failure != null) {
              throw failure;
            }
            if (!committing) {
              break;
            }
            try {
              wait();
            } catch (InterruptedException e) {
              interrupted = true; // the mark is on its way: wait for it rather than guess
            }
          }
          committing = true;
          group = queue;
          queue = new ArrayList<>();
          through = enqueued;
        }
        RuntimeException failed = null;
        try {
          deliveries.markSent(group);
        } catch (RuntimeException e) {
          failed = e;
        }
        synchronized (this) {
          committing = false;
          commits++;
          if (failed != null) {
            failure = failed;
          } else {
            committedThrough = through;
          }
          notifyAll();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Commits every queued mark. */
  void flush() {
    long last;
    synchronized (this) {
      last = enqueued;
    }
    awaitCommitted(last);
  }

  /** Commits so far. */
  synchronized long commits() {
    return commits;
  }

  /** Marks queued and not committed yet. */
  synchronized int waiting() {
    return queue.size();
  }

  /** Marks committed so far. */
  synchronized long marked() {
    return committedThrough;
  }
}
