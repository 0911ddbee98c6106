package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.digest.app.DigestApp;
import dev.digest.app.DigestRun.SendOptions;
import dev.digest.subscribe.SubscriberStatus;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The welcome mail over real SMTP (GreenMail) and H2: on confirming, a reader gets the latest
 * edition once; not when it is switched off; not after an unsubscribe; later when SMTP was away;
 * once when two nodes sweep at the same time.
 */
class WelcomeMailTest {

  @RegisterExtension final E2e e2e = E2e.threeFeeds();
  DigestApp app;

  @BeforeEach
  void start() throws Exception {
    app = e2e.app();
  }

  private long confirm(DigestApp a, String email) {
    long id = a.subscribers().add(email, SubscriberStatus.PENDING).id();
    assertThat(a.subscriptions().confirm(a.subscriptions().tokens().confirmToken(id))).isPresent();
    return id;
  }

  private List<MimeMessage> to(String email) throws Exception {
    return e2e.mailTo(email);
  }

  @Test
  void aConfirmedReaderGetsTheLatestEditionOnce() throws Exception {
    app.subscribers().add("first@example.net", SubscriberStatus.ACTIVE);
    app.run().send(SendOptions.normal());
    assertThat(to("first@example.net")).hasSize(1);

    long id = confirm(app, "new@example.net");

    await().atMost(Duration.ofSeconds(10)).until(() -> to("new@example.net").size() == 1);
    MimeMessage welcome = to("new@example.net").get(0);
    assertThat(welcome.getSubject()).isEqualTo("Welcome to Harbour Brief");
    String raw = GreenMailUtil.getWholeMessage(welcome);
    assertThat(raw).contains("Council approves tidal barrier").contains("/archive/1");
    assertThat(welcome.getHeader("List-Unsubscribe")[0]).contains("/unsubscribe?token=");
    assertThat(welcome.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
    // Its envelope sender names it (edition 0: a welcome), so a bounce of it counts too.
    String returnPath = welcome.getHeader("Return-Path")[0].replaceAll("[<>]", "");
    assertThat(
            app.verpTokens()
                .verify(returnPath.substring(returnPath.indexOf('+') + 1, returnPath.indexOf('@'))))
        .contains(
            new dev.digest.mail.VerpTokens.Delivery(
                dev.digest.mail.VerpTokens.Purpose.BOUNCE, 0, id));

    // Confirming again (an old link clicked twice) and more sweeps send nothing more.
    app.subscriptions().confirm(app.subscriptions().tokens().confirmToken(id));
    assertThat(app.welcomeSender().sendDue()).isZero();
    Thread.sleep(300); // give a wrongly queued background send the time to show up
    assertThat(to("new@example.net")).hasSize(1);
  }

  @Test
  void theWelcomeShowsOnlyTheTopicsTheReaderKept() throws Exception {
    app.subscribers().add("first@example.net", SubscriberStatus.ACTIVE);
    app.run().send(SendOptions.normal());
    // Chosen before confirming (an imported row's excluded_topics column, say).
    long id = app.subscribers().add("picky@example.net", SubscriberStatus.PENDING).id();
    app.subscribers().setExcludedTopics(id, List.of("Crafts"));
    assertThat(app.subscriptions().confirm(app.subscriptions().tokens().confirmToken(id)))
        .isPresent();
    await().atMost(Duration.ofSeconds(10)).until(() -> to("picky@example.net").size() == 1);
    String raw = GreenMailUtil.getWholeMessage(to("picky@example.net").get(0));
    assertThat(raw).contains("Council approves tidal barrier").doesNotContain("Sharpening chisels");
    assertThat(GreenMailUtil.getWholeMessage(to("first@example.net").get(0)))
        .contains("Sharpening chisels");
  }

  @Test
  void beforeTheFirstEditionTheWelcomeSaysItIsOnItsWay() throws Exception {
    confirm(app, "early@example.net");

    await().atMost(Duration.ofSeconds(10)).until(() -> to("early@example.net").size() == 1);
    String raw = GreenMailUtil.getWholeMessage(to("early@example.net").get(0));
    assertThat(raw).contains("The first edition is on its way").doesNotContain("/archive/1");
  }

  @Test
  void switchedOffNoWelcomeGoesOut() throws Exception {
    app.close();
    Files.writeString(
        e2e.config(),
        Files.readString(e2e.config())
            .replace("  data-dir: data\n", "  data-dir: data\n  welcome: false\n"));
    app = e2e.app();

    confirm(app, "quiet@example.net");

    assertThat(app.welcomeSender().sendDue()).isZero();
    assertThat(to("quiet@example.net")).isEmpty();
  }

  @Test
  void aWelcomeSmtpCouldNotTakeGoesOutLaterAndNotToAReaderWhoLeft() throws Exception {
    e2e.stopSmtp();
    long stays = confirm(app, "stays@example.net");
    long leaves = confirm(app, "leaves@example.net");
    // The background tries fail while SMTP is away; the rows wait, pending.
    app.welcomeSender().awaitQueued();
    var w = new dev.digest.delivery.WelcomeRepository(app.database(), Clock.systemUTC());
    assertThat(w.status(stays)).hasValue("pending");
    assertThat(w.status(leaves)).hasValue("pending");
    app.subscribers().setStatus(leaves, SubscriberStatus.UNSUBSCRIBED);

    e2e.restartSmtp();
    assertThat(app.welcomeSender().sendDue()).isEqualTo(1);

    assertThat(to("stays@example.net")).hasSize(1);
    assertThat(to("leaves@example.net")).isEmpty();
    assertThat(w.status(stays)).hasValue("sent");
    assertThat(w.status(leaves)).hasValue("skipped");
  }

  @Test
  void twoNodesSweepingAtOnceSendEachWelcomeOnce() throws Exception {
    // The second node shares the database; its confirm hook is not used, only its sweep.
    try (DigestApp other = e2e.app()) {
      e2e.stopSmtp();
      for (int i = 0; i < 20; i++) {
        confirm(app, "r" + i + "@example.net");
      }
      app.welcomeSender().awaitQueued();
      e2e.restartSmtp();

      CompletableFuture<Integer> a = CompletableFuture.supplyAsync(app.welcomeSender()::sendDue);
      CompletableFuture<Integer> b = CompletableFuture.supplyAsync(other.welcomeSender()::sendDue);

      assertThat(a.get() + b.get()).isEqualTo(20);
      assertThat(e2e.smtp().getReceivedMessages()).hasSize(20);
      assertThat(
              Arrays.stream(e2e.smtp().getReceivedMessages())
                  .map(
                      m -> {
                        try {
                          return m.getAllRecipients()[0].toString();
                        } catch (jakarta.mail.MessagingException e) {
                          throw new IllegalStateException(e);
                        }
                      })
                  .distinct())
          .hasSize(20);
    }
  }
}
