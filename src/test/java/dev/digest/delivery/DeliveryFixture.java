package dev.digest.delivery;

import dev.digest.config.DigestSettings;
import dev.digest.config.MailSettings;
import dev.digest.edition.Edition;
import dev.digest.edition.EditionRepository;
import dev.digest.mail.Mailer;
import dev.digest.render.DigestTemplate;
import dev.digest.store.Database;
import dev.digest.subscribe.SubscriberRepository;
import dev.digest.subscribe.SubscriberStatus;
import dev.digest.subscribe.TestSettings;
import dev.digest.subscribe.TokenService;
import dev.digest.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A database of the test's own ({@link TestDatabase}: H2 in memory, or a schema on the local
 * PostgreSQL), with subscribers and stored editions, and runners over it. {@link #close} closes the
 * database and drops what {@link TestDatabase} made.
 */
final class DeliveryFixture implements AutoCloseable {

  static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  private final TestDatabase store;
  final Database db;
  final Clock clock = Clock.systemUTC();
  final EditionRepository editions;
  final SubscriberRepository subscribers;
  final DeliveryRepository deliveries;
  final TokenService tokens =
      new TokenService("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), clock);
  final DigestSettings digest = TestSettings.digest();
  private int number;

  private DeliveryFixture(TestDatabase store) {
    this.store = store;
    this.db = store.open();
    this.editions = new EditionRepository(db);
    this.subscribers = new SubscriberRepository(db, clock);
    this.deliveries = new DeliveryRepository(db, clock);
  }

  /** The first of the edition's delivery rows marked failed (the test expects one). */
  DeliveryRepository.Status failedRow(long edition) {
    return deliveries.rows(edition).stream()
        .filter(r -> r.status().equals("failed"))
        .findFirst()
        .orElseThrow();
  }

  static DeliveryFixture h2() {
    return of(TestDatabase.Kind.H2);
  }

  /** On {@code kind}; skips the calling test when it is PostgreSQL and that is not there. */
  static DeliveryFixture of(TestDatabase.Kind kind) {
    TestDatabase store = TestDatabase.of(kind);
    try {
      return new DeliveryFixture(store);
    } catch (RuntimeException | Error e) {
      store.close();
      throw e;
    }
  }

  List<Long> subscribe(int n) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(
          subscribers
              .add(String.format("reader%04d@example.net", i), SubscriberStatus.ACTIVE)
              .id());
    }
    return ids;
  }

  static MailSettings mail(int pool) {
    return TestSettings.mail(pool);
  }

  static RetryPolicy fastPolicy(int maxAttempts, int pauseAfter, int batch) {
    return new RetryPolicy(
        maxAttempts,
        Duration.ofMillis(1),
        Duration.ofMillis(4),
        pauseAfter,
        batch,
        Duration.ofMinutes(10));
  }

  DeliveryRunner runner(Mailer mailer, int pool, RetryPolicy policy) {
    return new DeliveryRunner(
        deliveries,
        editions,
        subscribers,
        id -> digest.baseUrl() + "/unsubscribe?token=" + tokens.unsubscribeToken(id),
        mailer,
        digest,
        mail(pool),
        clock,
        policy,
        Optional.empty());
  }

  /** Stores a new edition and freezes the active audience in the same transaction. */
  long edition(DeliveryRunner runner) {
    int n = ++number;
    Edition e = new Edition("brief", n, "The Brief", T0, T0, T0, List.of());
    String html =
        "<p>Edition "
            + n
            + "</p><a href=\""
            + DigestTemplate.UNSUBSCRIBE_URL
            + "\">Unsubscribe</a>";
    String text = "Edition " + n + "\nUnsubscribe: " + DigestTemplate.UNSUBSCRIBE_URL + "\n";
    return db.inTransaction(
        c -> {
          long id = editions.insert(c, e, "The Brief #" + n, html, text);
          deliveries.createFor(c, id, runner.messageIds(id));
          return id;
        });
  }

  @Override
  public void close() {
    try {
      db.close();
    } finally {
      store.close();
    }
  }
}
