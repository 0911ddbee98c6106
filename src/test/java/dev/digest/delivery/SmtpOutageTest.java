package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.digest.config.MailSettings;
import dev.digest.config.SmtpSettings;
import dev.digest.mail.MailException;
import dev.digest.mail.Mailer;
import dev.digest.mail.OutgoingMail;
import dev.digest.mail.SmtpMailer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mail server goes away for 10 s in the middle of a 2,000-subscriber send and comes back on the
 * same port: the delivery rides it out with the default policy (retries, then a pause that probes
 * the server and resumes by itself) and every subscriber gets the edition, once.
 *
 * <p>One edge SMTP cannot close (RFC 1047): a server killed after it took a message's end and
 * before its 250 reached digest may have stored it. digest retries those (at-least-once, as MTAs
 * do) and says so in the failure; only such a reader may have two, at most one per connection.
 */
class SmtpOutageTest {

  static final int SUBSCRIBERS = 2000;
  static final int POOL = 4;

  final DeliveryFixture f = DeliveryFixture.h2();
  final List<GreenMail> servers = new ArrayList<>();

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
  void tenSecondOutageMidSendEveryoneOnceNoneTwice() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    f.subscribe(SUBSCRIBERS);
    // 200 messages per second, so the outage lands in the middle (a local GreenMail is faster).
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
                Duration.ofSeconds(10)),
            200,
            POOL,
            Optional.empty());
    GreenMail first = startSmtp(port);
    Set<String> unconfirmed = ConcurrentHashMap.newKeySet();
    try (SmtpMailer smtp = new SmtpMailer(mail)) {
      // Notes which sends failed with their end unconfirmed; the real SmtpMailer does the work.
      Mailer mailer =
          new Mailer() {
            @Override
            public void send(OutgoingMail m) throws MailException {
              send(m, () -> {});
            }

            @Override
            public void send(OutgoingMail m, Runnable beforeHandOff) throws MailException {
              try {
                smtp.send(m, beforeHandOff);
              } catch (MailException e) {
                if (e.unconfirmed()) {
                  unconfirmed.add(m.to());
                }
                throw e;
              }
            }

            @Override
            public void close() {}
          };
      DeliveryRunner runner =
          new DeliveryRunner(
              f.deliveries,
              f.editions,
              f.subscribers,
              id -> "http://localhost/u/" + id,
              mailer,
              f.digest,
              mail,
              f.clock,
              RetryPolicy.defaults(),
              Optional.empty());
      long edition = f.edition(runner);
      CompletableFuture<DeliveryReport> sending =
          CompletableFuture.supplyAsync(() -> runner.deliver(edition, null));

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> first.getReceivedMessages().length >= SUBSCRIBERS / 4);
      // stop() replaces GreenMail's store: keep the old one to count what it took (read after
      // the send, so a message its handler thread stored while stopping is counted too).
      com.icegreen.greenmail.Managers firstStore = first.getManagers();
      first.stop();
      Thread.sleep(10_000);
      GreenMail second = startSmtp(port);

      DeliveryReport report = sending.get(45, TimeUnit.SECONDS);
      List<MimeMessage> beforeOutage = new ArrayList<>();
      for (com.icegreen.greenmail.store.StoredMessage m :
          firstStore.getImapHostManager().getAllMessages()) {
        beforeOutage.add(m.getMimeMessage());
      }

      Map<String, Integer> perRecipient = new HashMap<>();
      for (MimeMessage m : beforeOutage) {
        perRecipient.merge(
            ((jakarta.mail.internet.InternetAddress) m.getAllRecipients()[0]).getAddress(),
            1,
            Integer::sum);
      }
      MimeMessage[] afterOutage = second.getReceivedMessages();
      for (MimeMessage m : afterOutage) {
        perRecipient.merge(
            ((jakarta.mail.internet.InternetAddress) m.getAllRecipients()[0]).getAddress(),
            1,
            Integer::sum);
      }
      System.out.printf(
          "smtp-outage: %d received before the outage, %d after, %d unconfirmed; report: %s%n",
          beforeOutage.size(), afterOutage.length, unconfirmed.size(), report.message());
      assertThat(beforeOutage.size())
          .as("the outage came mid-send")
          .isBetween(SUBSCRIBERS / 4, SUBSCRIBERS - 1);
      assertThat(afterOutage.length).as("sending went on after the restart").isPositive();
      assertThat(report.paused()).as(report.message()).isFalse();
      assertThat(report.complete()).isTrue();
      assertThat(report.counts()).isEqualTo(new DeliveryCounts(0, 0, SUBSCRIBERS, 0));
      assertThat(perRecipient).as("everyone received it").hasSize(SUBSCRIBERS);
      List<String> twice =
          perRecipient.entrySet().stream()
              .filter(e -> e.getValue() > 1)
              .map(Map.Entry::getKey)
              .toList();
      assertThat(perRecipient.values()).as("nobody more than twice").allMatch(n -> n <= 2);
      assertThat(unconfirmed)
          .as("one unconfirmed end at most per connection")
          .hasSizeLessThanOrEqualTo(POOL);
      assertThat(twice)
          .as("twice only where the server went away before confirming")
          .allMatch(unconfirmed::contains);
      assertThat(f.editions.find(edition).orElseThrow().finished()).isTrue();
    }
  }
}
