package dev.digest.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.mail.OutgoingMail;
import dev.digest.render.TemplateRenderer;
import dev.digest.store.Database;
import dev.digest.testing.TestDatabase;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubscriptionServiceTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  Database db;
  SubscriberRepository repo;
  RecordingMailer mailer;

  @BeforeEach
  void open() {
    db = TestDatabase.h2().open();
    repo = new SubscriberRepository(db, Clock.fixed(T0, ZoneOffset.UTC));
    mailer = new RecordingMailer();
  }

  @AfterEach
  void close() {
    db.close();
  }

  SubscriptionService service(Instant now) {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    return new SubscriptionService(
        repo,
        new TokenService(TokenServiceTest.SECRET, clock),
        mailer,
        new TemplateRenderer(Path.of("templates")),
        TestSettings.digest(),
        TestSettings.mail(2),
        clock);
  }

  static String confirmToken(OutgoingMail m) {
    Matcher matcher = Pattern.compile("/confirm\\?token=([^\\s\"<&]+)").matcher(m.text());
    assertThat(matcher.find()).as("confirm link in text part").isTrue();
    assertThat(m.html()).contains("/confirm?token=" + matcher.group(1));
    return URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
  }

  @Test
  void doubleOptInThenUnsubscribe() {
    SubscriptionService s = service(T0);
    assertThat(s.subscribe("Ann@Example.org")).isEqualTo(new SubscribeOutcome.Accepted());
    Subscriber pending = repo.findByEmail("ann@example.org").orElseThrow();
    assertThat(pending.status()).isEqualTo(SubscriberStatus.PENDING);
    assertThat(mailer.sent()).hasSize(1);
    OutgoingMail m = mailer.sent().get(0);
    assertThat(m.to()).isEqualTo("Ann@example.org");
    assertThat(m.from()).isEqualTo("The Brief <brief@example.org>");
    assertThat(m.subject()).contains("The Brief");
    assertThat(m.html()).contains("lang=\"en\"").contains("1 Main St, Springfield");
    assertThat(m.text()).contains("http://localhost:8080/confirm?token=");
    assertThat(m.messageId()).endsWith("@example.org");

    Optional<Subscriber> confirmed = s.confirm(confirmToken(m));
    assertThat(confirmed).map(Subscriber::status).contains(SubscriberStatus.ACTIVE);
    assertThat(confirmed.get().confirmedAt()).contains(T0);

    String url = s.unsubscribeUrl(pending.id());
    assertThat(url).startsWith("http://localhost:8080/unsubscribe?token=").doesNotContain("ann");
    String token = URLDecoder.decode(url.substring(url.indexOf('=') + 1), StandardCharsets.UTF_8);
    assertThat(s.unsubscribe(token))
        .map(Subscriber::status)
        .contains(SubscriberStatus.UNSUBSCRIBED);
    assertThat(repo.find(pending.id()).orElseThrow().unsubscribedAt()).contains(T0);
    // An old confirm link does not undo an unsubscribe.
    assertThat(s.confirm(confirmToken(m))).isEmpty();
    assertThat(repo.find(pending.id()).orElseThrow().status())
        .isEqualTo(SubscriberStatus.UNSUBSCRIBED);
  }

  @Test
  void sameAnswerWhetherKnownOrNot() {
    SubscriptionService s = service(T0);
    long id = repo.add("bob@example.org", SubscriberStatus.ACTIVE).id();
    assertThat(s.subscribe("bob@example.org")).isEqualTo(new SubscribeOutcome.Accepted());
    assertThat(s.subscribe("new@example.org")).isEqualTo(new SubscribeOutcome.Accepted());
    // Active: nothing sent, nothing changed.
    assertThat(mailer.sent()).extracting(OutgoingMail::to).containsExactly("new@example.org");
    assertThat(repo.find(id).orElseThrow().status()).isEqualTo(SubscriberStatus.ACTIVE);
    // Pending again: another mail, still one row.
    assertThat(s.subscribe("NEW@example.org")).isEqualTo(new SubscribeOutcome.Accepted());
    assertThat(mailer.sent()).hasSize(2);
    assertThat(repo.list(Optional.empty())).hasSize(2);
  }

  @Test
  void unsubscribedCanSubscribeAgain() {
    SubscriptionService s = service(T0);
    long id = repo.add("cy@example.org", SubscriberStatus.ACTIVE).id();
    assertThat(repo.remove("CY@example.org")).isTrue();
    assertThat(repo.find(id).orElseThrow().status()).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
    s.subscribe("cy@example.org");
    assertThat(repo.find(id).orElseThrow().status()).isEqualTo(SubscriberStatus.PENDING);
    assertThat(s.confirm(confirmToken(mailer.sent().get(0))))
        .map(Subscriber::status)
        .contains(SubscriberStatus.ACTIVE);
  }

  @Test
  void invalidAddressesAreRefusedWithoutMail() {
    SubscriptionService s = service(T0);
    SubscribeOutcome out = s.subscribe("a@b.c\r\nBcc: x@y.z");
    assertThat(out).isInstanceOf(SubscribeOutcome.Invalid.class);
    assertThat(((SubscribeOutcome.Invalid) out).reason()).isNotBlank();
    assertThat(s.subscribe("nobody")).isInstanceOf(SubscribeOutcome.Invalid.class);
    assertThat(mailer.attempts()).isEmpty();
    assertThat(repo.list(Optional.empty())).isEmpty();
  }

  @Test
  void expiredOrForgedConfirmChangesNothing() {
    service(T0).subscribe("dee@example.org");
    String token = confirmToken(mailer.sent().get(0));
    SubscriptionService later = service(T0.plus(Duration.ofDays(8)));
    assertThat(later.confirm(token)).isEmpty();
    assertThat(later.confirm(token.substring(0, token.length() - 2) + "xx")).isEmpty();
    assertThat(later.unsubscribe(token)).isEmpty();
    assertThat(repo.findByEmail("dee@example.org").orElseThrow().status())
        .isEqualTo(SubscriberStatus.PENDING);
  }

  @Test
  void mailFailureStillAnswersAccepted() {
    mailer.failingFor(to -> true, RecordingMailer.Fault.TRANSIENT);
    assertThat(service(T0).subscribe("eve@example.org")).isEqualTo(new SubscribeOutcome.Accepted());
    assertThat(repo.findByEmail("eve@example.org")).isPresent();
  }

  @Test
  void bounceCountingAndStatusCounts() {
    long id = repo.add("fay@example.org", SubscriberStatus.ACTIVE).id();
    assertThat(repo.recordPermanentFailure(id)).contains(SubscriberStatus.ACTIVE);
    repo.recordSuccess(id);
    assertThat(repo.bounceCount(id)).isZero();
    repo.recordPermanentFailure(id);
    repo.recordPermanentFailure(id);
    assertThat(repo.recordPermanentFailure(id)).contains(SubscriberStatus.BOUNCED);
    assertThat(repo.countByStatus())
        .containsEntry(SubscriberStatus.BOUNCED, 1)
        .containsEntry(SubscriberStatus.ACTIVE, 0);
    assertThat(repo.list(Optional.of(SubscriberStatus.ACTIVE))).isEmpty();
    repo.add("gus@example.org", SubscriberStatus.ACTIVE);
    assertThat(repo.list(Optional.of(SubscriberStatus.ACTIVE)))
        .extracting(Subscriber::email)
        .containsExactly("gus@example.org");
    assertThat(repo.list(Optional.of(SubscriberStatus.BOUNCED)))
        .extracting(Subscriber::email)
        .isEqualTo(List.of("fay@example.org"));
    assertThat(repo.remove("nobody@example.org")).isFalse();
  }

  @Test
  void bulkImportIsIdempotentAndIgnoresCase() {
    repo.add("known@example.org", SubscriberStatus.PENDING);
    List<String> emails = new java.util.ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      emails.add("bulk" + i + "@example.org");
    }
    emails.add("KNOWN@example.org");
    emails.add("Bulk1@example.org");
    assertThat(repo.addAll(emails, SubscriberStatus.ACTIVE))
        .isEqualTo(new SubscriberRepository.ImportResult(1200, 2));
    assertThat(repo.addAll(emails, SubscriberStatus.ACTIVE))
        .isEqualTo(new SubscriberRepository.ImportResult(0, 1202));
    assertThat(repo.countByStatus())
        .containsEntry(SubscriberStatus.ACTIVE, 1200)
        .containsEntry(SubscriberStatus.PENDING, 1);
    assertThat(repo.findByEmail("known@example.org").orElseThrow().status())
        .isEqualTo(SubscriberStatus.PENDING);
  }
}
