package dev.digest.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.DatabaseSettings;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread interrupted while H2 does its file I/O (Quartz's shutdown, a pool's shutdownNow, a web
 * request cancelled) must not close the H2 file database for every other thread of the process. The
 * interrupt is set on the thread itself before H2 touches the file, so it lands inside H2's I/O
 * every time: a plain {@code FileChannel} closes itself on it, and H2 then closes the database.
 */
class InterruptedThreadTest {

  @TempDir Path dir;

  private DatabaseSettings file() {
    return new DatabaseSettings("jdbc:h2:file:" + dir.resolve("digest"), "", "");
  }

  /** What a thread of its own saw: its failure (or null), and its interrupt flag at the end. */
  private record Outcome(Throwable error, boolean stillInterrupted) {}

  private static Outcome onInterruptedThread(Runnable work) throws Exception {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              Throwable error = null;
              try {
                work.run();
              } catch (Throwable e) {
                error = e;
              }
              // Read (not clear) the flag: H2 must leave the caller's interrupt in place.
              outcome.complete(new Outcome(error, Thread.currentThread().isInterrupted()));
            },
            "interrupted-db-user");
    t.start();
    return outcome.get(30, TimeUnit.SECONDS);
  }

  private static void insert(Database db, String key) {
    db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO seen_item (item_key, seen_at) VALUES (?, CURRENT_TIMESTAMP)")) {
            ps.setString(1, key);
            return ps.executeUpdate();
          }
        });
  }

  private static int count(Database db, String like) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT COUNT(*) FROM seen_item WHERE item_key LIKE ?")) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  @Test
  void aThreadInterruptedWhileItCommitsLeavesTheDatabaseOpenForTheOthers() throws Exception {
    try (Database db = Database.open(file())) {
      insert(db, "before");

      // Interrupted between its insert and its commit: with every commit written to the file
      // (WRITE_DELAY=0), the commit's write runs on this thread with the interrupt pending.
      Outcome writer =
          onInterruptedThread(
              () ->
                  db.inTransaction(
                      c -> {
                        try (PreparedStatement ps =
                            c.prepareStatement(
                                "INSERT INTO seen_item (item_key, seen_at)"
                                    + " VALUES ('interrupted', CURRENT_TIMESTAMP)")) {
                          ps.executeUpdate();
                        }
                        Thread.currentThread().interrupt();
                        return null;
                      }));

      assertThat(writer.error()).as("the interrupted thread's commit").isNull();
      assertThat(writer.stillInterrupted()).as("its interrupt is not swallowed").isTrue();
      // Another thread (this one) writes and reads as before.
      insert(db, "after");
      assertThat(count(db, "%")).isEqualTo(3);
      assertThat(db.ping()).isTrue();
    }
  }

  @Test
  void aThreadInterruptedWhileItReadsTheFileLeavesTheDatabaseOpenForTheOthers() throws Exception {
    DatabaseSettings s = file();
    try (Database db = Database.open(s)) {
      db.oneCommit(
          () -> {
            for (int i = 0; i < 2000; i++) {
              insert(db, "item-" + i + "-" + "x".repeat(200));
            }
            return null;
          });
    }
    // Opened again, its rows are on disk only: the count reads their pages from the file on a
    // thread that is interrupted already (a web request whose client went away, say).
    try (Database db = Database.open(s)) {
      int[] seen = new int[1];
      Outcome reader =
          onInterruptedThread(
              () -> {
                Thread.currentThread().interrupt();
                seen[0] = count(db, "item-%");
              });

      assertThat(reader.error()).as("the interrupted thread's read").isNull();
      assertThat(seen[0]).isEqualTo(2000);
      insert(db, "after");
      assertThat(count(db, "%")).isEqualTo(2001);
    }
  }

  @Test
  void commitsInterruptedOverAndOverFromOutsideNeverCloseTheDatabase() throws Exception {
    try (Database db = Database.open(file())) {
      // A writer another thread keeps interrupting, as a shutdown interrupts a busy worker: most
      // interrupts land somewhere in H2's commit. Each of its commits must either succeed or fail
      // on its own, never take the database down.
      Thread writer =
          new Thread(
              () -> {
                for (int i = 0; i < 300; i++) {
                  try {
                    insert(db, "busy-" + i);
                  } catch (RuntimeException e) {
                    // Counted below: a failure is this thread's alone.
                  }
                }
              },
              "busy-writer");
      writer.start();
      while (writer.isAlive()) {
        writer.interrupt();
        Thread.onSpinWait();
      }
      writer.join();

      insert(db, "after");
      assertThat(count(db, "after")).isEqualTo(1);
      assertThat(count(db, "busy-%")).isBetween(1, 300);
    }
  }
}
