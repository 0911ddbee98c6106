package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.digest.config.MailSettings;
import dev.digest.config.SmtpSettings;
import dev.digest.mail.MailException;
import dev.digest.mail.Mailer;
import dev.digest.mail.OutgoingMail;
import dev.digest.mail.SmtpMailer;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outage SmtpOutageTest once lost two rows to, made deterministic: a row's first attempt starts
 * while the other worker's messages still go through, then the server goes away, the row runs out
 * of its attempts before the error streak pauses, and the server comes back. That row met the
 * outage with every attempt: it must go back to pending and be sent once the server is back, not be
 * marked failed because something went through after its first attempt.
 *
 * <p>The order is fixed by gates in a wrapper of the real SmtpMailer (the sends themselves are real
 * SMTP to GreenMail): the victim's first attempt waits until the other worker sent two messages
 * (the second one's attempt surely started after the victim's) and started a third (so the second
 * is recorded), then stops the server; every later send waits until the victim's row is settled
 * (given back or failed), and the first of them restarts the server.
 */
class OutageBeforePauseTest {

  static final int SUBSCRIBERS = 12;
  static final long GATE_SECONDS = 20;

  final DeliveryFixture f = DeliveryFixture.h2();
  final List<GreenMail> servers = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    servers.forEach(GreenMail::stop);
    f.close();
  }

  GreenMail startSmtp(int port) {
    GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    servers.add(g);
    g.start();
    return g;
  }

  @Test
  void rowWhoseAttemptsAllMetTheOutageGoesBackAndIsSentOnceWhenTheServerIsBack() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    f.subscribe(SUBSCRIBERS);
    MailSettings mail =
        new MailSettings(
            "The Brief <brief@example.org>",
            "",
            "",
            new SmtpSettings(
                "127.0.0.1",
                port,
                "",
                "",
                SmtpSettings.Security.NONE,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5)),
            0,
            2,
            Optional.empty());
    // 3 attempts with short waits, and a pause only after 20 consecutive errors: the victim runs
    // out of attempts long before the streak could pause (which would give it back anyway).
    RetryPolicy policy =
        new RetryPolicy(
            3,
            Duration.ofMillis(5),
            Duration.ofMillis(20),
            20,
            2,
            Duration.ofMinutes(10),
            Duration.ofSeconds(30));
    GreenMail first = startSmtp(port);
    com.icegreen.greenmail.Managers firstStore = first.getManagers();
    AtomicReference<GreenMail> second = new AtomicReference<>();
    AtomicLong edition = new AtomicLong();
    AtomicInteger accepted = new AtomicInteger();
    AtomicReference<String> victim = new AtomicReference<>();
    AtomicInteger victimAttempts = new AtomicInteger();
    CountDownLatch othersSentAfterVictim = new CountDownLatch(2);
    CountDownLatch otherHeld = new CountDownLatch(1);
    CountDownLatch restarted = new CountDownLatch(1);
    AtomicBoolean restarting = new AtomicBoolean();
    List<String> gateProblems = new CopyOnWriteArrayList<>();

    try (SmtpMailer smtp = new SmtpMailer(mail)) {
      Mailer mailer =
          new Mailer() {
            @Override
            public void send(OutgoingMail m) throws MailException {
              send(m, () -> {});
            }

            @Override
            public void send(OutgoingMail m, Runnable beforeHandOff) throws MailException {
              if (m.to().equals(victim.get())) {
                victimAttempts.incrementAndGet();
              } else if (accepted.get() >= 4 && victim.compareAndSet(null, m.to())) {
                // The victim's first attempt (its ticket is already taken): wait for two
                // messages of the other worker, then the outage starts.
                victimAttempts.incrementAndGet();
                await(otherHeld, "the other worker's third message");
                first.stop();
              } else if (othersSentAfterVictim.getCount() == 0) {
                // Any later message: once the victim's row is settled, the server comes back.
                otherHeld.countDown();
                if (restarting.compareAndSet(false, true)) {
                  awaitVictimSettled(victim.get(), edition.get(), gateProblems);
                  second.set(startSmtp(port));
                  restarted.countDown();
                }
                await(restarted, "the restart");
              }
              smtp.send(m, beforeHandOff);
              accepted.incrementAndGet();
              if (victim.get() != null && !m.to().equals(victim.get())) {
                othersSentAfterVictim.countDown();
              }
            }

            private void await(CountDownLatch latch, String what) {
              try {
                if (!latch.await(GATE_SECONDS, TimeUnit.SECONDS)) {
                  gateProblems.add("timed out waiting for " + what);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                gateProblems.add("interrupted waiting for " + what);
              }
            }

            @Override
            public void close() {}
          };
      DeliveryRunner runner = f.runner(mailer, 2, policy);
      edition.set(f.edition(runner));

      DeliveryReport report = runner.deliver(edition.get(), null);

      assertThat(gateProblems).isEmpty();
      assertThat(victim.get()).isNotNull();
      Map<String, Integer> perRecipient = new HashMap<>();
      List<MimeMessage> received = new ArrayList<>();
      for (com.icegreen.greenmail.store.StoredMessage s :
          firstStore.getImapHostManager().getAllMessages()) {
        received.add(s.getMimeMessage());
      }
      int beforeOutage = received.size();
      received.addAll(List.of(second.get().getReceivedMessages()));
      for (MimeMessage m : received) {
        perRecipient.merge(
            ((InternetAddress) m.getAllRecipients()[0]).getAddress(), 1, Integer::sum);
      }
      List<DeliveryRepository.Status> rows = f.deliveries.rows(edition.get());
      System.out.printf(
          "outage-before-pause: victim=%s attempts=%d, %d received before the outage, %d after;"
              + " report: %s%n",
          victim.get(),
          victimAttempts.get(),
          beforeOutage,
          received.size() - beforeOutage,
          report.message());
      assertThat(rows)
          .as("no row failed by the outage")
          .noneMatch(r -> r.status().equals("failed"));
      assertThat(report.failed()).isZero();
      assertThat(report.counts()).isEqualTo(new DeliveryCounts(0, 0, SUBSCRIBERS, 0));
      assertThat(report.paused()).isFalse();
      assertThat(report.complete()).isTrue();
      // 4, perhaps one the other worker had started before the victim was chosen, and its 2
      // gated ones; the victim among those after the outage.
      assertThat(beforeOutage).isBetween(6, 7);
      assertThat(perRecipient).as("everyone received it").hasSize(SUBSCRIBERS);
      assertThat(perRecipient.values()).as("nobody twice").containsOnly(1);
      assertThat(victimAttempts.get())
          .as("3 attempts in the outage, then sent after the restart")
          .isGreaterThanOrEqualTo(4);
      assertThat(f.editions.find(edition.get()).orElseThrow().finished()).isTrue();
    }
  }

  /** Polls until the victim's row is no longer {@code sending}: given back, or failed. */
  private void awaitVictimSettled(String email, long editionId, List<String> problems) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GATE_SECONDS);
    while (System.nanoTime() < deadline) {
      boolean settled =
          f.deliveries.rows(editionId).stream()
              .anyMatch(r -> r.email().equals(email) && !r.status().equals("sending"));
      if (settled) {
        return;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    problems.add("the victim's row stayed sending");
  }
}
