package dev.digest.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL these machines run on 127.0.0.1:5432 (trust auth, database {@code test}). Tests
 * that need it skip with a message when it is not there; CI has it.
 */
public final class LocalPostgres {

  public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private LocalPostgres() {}

  public static boolean reachable() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Skips the calling test, with a message saying why, when PostgreSQL is not there. */
  public static void assumeReachable() {
    Assumptions.assumeTrue(reachable(), "PostgreSQL not reachable on 127.0.0.1:5432: skipped");
  }
}
