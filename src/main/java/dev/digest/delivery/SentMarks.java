package dev.digest.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * Marks rows {@code sent} with group commit: a worker whose message the server accepted calls
 * {@link #markSent} and returns only when its row's mark is committed, exactly as with one
 * transaction per row, but the marks of workers that finish while a commit is running go into the
 * next commit together. So a worker never hands over its next message before the last one is
 * recorded (after a kill, at most one message per worker is sent again), while the database
 * commits once per group instead of once per message (on H2 each commit rewrites the changed
 * pages of the table and its indexes). Thread-safe.
 */
final class SentMarks {

  private final DeliveryRepository deliveries;
  private Group open = new Group();
  private boolean committing;
  private long commits;
  private long marked;

  SentMarks(DeliveryRepository deliveries) {
    this.deliveries = deliveries;
  }

  private static final class Group {
    final List<DeliveryRow> rows = new ArrayList<>();
    boolean done;
    Throwable failure;
  }

  /**
   * Marks {@code row} sent; returns once that is committed. Throws what the commit threw (the
   * row then stays {@code sending}, and a resume sends it again with the same Message-ID).
   */
  void markSent(DeliveryRow row) {
    Group mine;
    boolean interrupted = false;
    synchronized (this) {
      mine = open;
      mine.rows.add(row);
      // Another worker is committing: wait for it, then either our group is done (it was
      // committed by the worker that took it) or we take it and commit it ourselves.
      while (committing && !mine.done) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true; // the mark is on its way: wait for it rather than guess
        }
      }
      if (!mine.done) {
        committing = true;
        open = new Group();
      }
    }
    try {
      if (!mine.done) {
        commit(mine);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (mine.failure instanceof RuntimeException) {
      throw (RuntimeException) mine.failure;
    }
    if (mine.failure instanceof Error) {
      throw (Error) mine.failure;
    }
  }

  private void commit(Group group) {
    Throwable failure = null;
    try {
      deliveries.markSent(group.rows);
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    synchronized (this) {
      group.failure = failure;
      group.done = true;
      committing = false;
      commits++;
      marked += group.rows.size();
      notifyAll();
    }
  }

  /** Commits so far. */
  synchronized long commits() {
    return commits;
  }

  /** Rows waiting for the next commit. */
  synchronized int waiting() {
    return open.rows.size();
  }

  /** Rows marked so far (committed or failed). */
  synchronized long marked() {
    return marked;
  }
}
