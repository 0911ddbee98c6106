package dev.digest.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.WebSettings;
import dev.digest.store.Database;
import dev.digest.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real H2: the generated secret lives in the database, shared by every node on it. */
class SecretStoreTest {

  private static final WebSettings NO_SECRET = new WebSettings("127.0.0.1", 8080, "", "");

  @TempDir Path dir;
  Database db;
  SecretRepository secrets;

  @BeforeEach
  void open() {
    db = TestDatabase.h2().open();
    secrets = new SecretRepository(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void configuredSecretWins() {
    byte[] s =
        SecretStore.load(
            new WebSettings("127.0.0.1", 8080, "", "a-configured-secret-value"), dir, secrets);
    assertThat(new String(s, StandardCharsets.UTF_8)).isEqualTo("a-configured-secret-value");
    assertThat(secrets.find(SecretStore.NAME)).isEmpty();
    assertThat(dir.resolve(SecretStore.FILE_NAME)).doesNotExist();
  }

  @Test
  void generatesOnceIntoTheDatabaseAndEveryNodeReadsTheSame() {
    byte[] nodeA = SecretStore.load(NO_SECRET, dir.resolve("a"), secrets);
    byte[] nodeB = SecretStore.load(NO_SECRET, dir.resolve("b"), secrets);
    assertThat(nodeA).hasSize(32).isEqualTo(nodeB);
    assertThat(Base64.getDecoder().decode(secrets.find(SecretStore.NAME).orElseThrow()))
        .isEqualTo(nodeA);
    assertThat(dir.resolve("a")).doesNotExist();
  }

  @Test
  void aSecretFileFromAnEarlierVersionIsAdoptedSoSentLinksKeepWorking() throws Exception {
    byte[] old = new byte[32];
    for (int i = 0; i < old.length; i++) {
      old[i] = (byte) (i * 7);
    }
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(
        data.resolve(SecretStore.FILE_NAME), Base64.getEncoder().encodeToString(old) + "\n");

    assertThat(SecretStore.load(NO_SECRET, data, secrets)).isEqualTo(old);
    // Another node without the file gets the same secret from the database.
    assertThat(SecretStore.load(NO_SECRET, dir.resolve("other"), secrets)).isEqualTo(old);
  }

  @Test
  void twoNodesStartingAtOnceAgreeOnOneSecret() throws Exception {
    for (int round = 0; round < 20; round++) {
      Database fresh = TestDatabase.h2().open();
      try {
        SecretRepository shared = new SecretRepository(fresh);
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<byte[]> a =
            CompletableFuture.supplyAsync(
                () -> {
                  await(start);
                  return SecretStore.load(NO_SECRET, dir.resolve("a"), shared);
                });
        CompletableFuture<byte[]> b =
            CompletableFuture.supplyAsync(
                () -> {
                  await(start);
                  return SecretStore.load(NO_SECRET, dir.resolve("b"), shared);
                });
        assertThat(a.get()).isEqualTo(b.get());
      } finally {
        fresh.close();
      }
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
