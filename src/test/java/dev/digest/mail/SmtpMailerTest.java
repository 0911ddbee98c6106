package dev.digest.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.digest.config.MailSettings;
import dev.digest.config.SmtpSettings;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmtpMailerTest {

  private static GreenMail greenMail() {
    GreenMail gm = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    gm.start();
    return gm;
  }

  @Test
  void sendsManyMessagesConcurrentlyOverAPool() throws Exception {
    GreenMail gm = greenMail();
    ExecutorService workers = Executors.newFixedThreadPool(6);
    try (SmtpMailer mailer =
        new SmtpMailer(MailFixtures.settings(gm.getSmtp().getPort(), 3, 0), 7)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        int n = i;
        futures.add(
            workers.submit(
                () -> {
                  mailer.send(MailFixtures.mail("reader" + n + "@example.com", n));
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
      MimeMessage[] received = gm.getReceivedMessages();
      assertThat(received).hasSize(60);
      Set<String> ids = new HashSet<>();
      for (MimeMessage m : received) {
        ids.add(m.getMessageID());
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        Multipart mp = (Multipart) m.getContent();
        assertThat(mp.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(mp.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat(m.getHeader("List-Unsubscribe")).hasSize(1);
        assertThat(m.getHeader("List-Unsubscribe-Post"))
            .containsExactly("List-Unsubscribe=One-Click");
        assertThat(m.getHeader("List-Id")).hasSize(1);
        assertThat(m.getSubject()).isEqualTo("The Weekly Brief #12: Café prices – what changed");
        // Each body carries its own subscriber's link (the encoder reuses lines across threads).
        String to = m.getRecipients(MimeMessage.RecipientType.TO)[0].toString();
        String n = to.substring("reader".length(), to.indexOf('@'));
        assertThat((String) mp.getBodyPart(0).getContent())
            .contains("unsubscribe?t=tok" + n + "\r\n");
        assertThat((String) mp.getBodyPart(1).getContent())
            .contains("unsubscribe?t=tok" + n + "\"");
      }
      assertThat(ids).hasSize(60);
    } finally {
      workers.shutdownNow();
      gm.stop();
    }
  }

  @Test
  void theExactSignedBytesArriveSoDkimStillVerifies() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair keys = g.generateKeyPair();
    java.nio.file.Path pem = java.nio.file.Files.createTempFile("dkim", ".pem");
    GreenMail gm = greenMail();
    try {
      java.nio.file.Files.writeString(
          pem,
          "-----BEGIN PRIVATE KEY-----\n"
              + java.util.Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n");
      MailSettings base = MailFixtures.settings(gm.getSmtp().getPort(), 1, 0);
      MailSettings signed =
          new MailSettings(
              base.from(),
              base.replyTo(),
              base.unsubscribeMailto(),
              base.smtp(),
              0,
              1,
              java.util.Optional.of(
                  new dev.digest.config.DkimSettings("example.org", "digest", pem)));
      try (SmtpMailer mailer = new SmtpMailer(signed)) {
        mailer.send(MailFixtures.mail("reader@example.com", 1));
      }
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      gm.getReceivedMessages()[0].writeTo(raw);
      assertThat(DkimVerifier.verify(raw.toByteArray(), keys.getPublic())).isEmpty();
    } finally {
      gm.stop();
      java.nio.file.Files.deleteIfExists(pem);
    }
  }

  @Test
  void fiveHundredRepliesArePermanentFourHundredTransient() throws Exception {
    try (FakeSmtpServer server = new FakeSmtpServer();
        SmtpMailer mailer = new SmtpMailer(MailFixtures.settings(server.port(), 1, 0))) {
      assertThatThrownBy(() -> mailer.send(MailFixtures.mail("reject-me@example.com", 1)))
          .isInstanceOfSatisfying(
              MailException.class,
              e -> {
                assertThat(e.permanent()).isTrue();
                assertThat(e.getMessage())
                    .startsWith("550 5.1.1 <reject-me@example.com>: Recipient address rejected");
              });
      assertThatThrownBy(() -> mailer.send(MailFixtures.mail("later@example.com", 2)))
          .isInstanceOfSatisfying(
              MailException.class,
              e -> {
                assertThat(e.permanent()).isFalse();
                assertThat(e.getMessage()).startsWith("451 4.3.0 Temporary lookup failure");
              });
      assertThatThrownBy(() -> mailer.send(MailFixtures.mail("spam@example.com", 4)))
          .isInstanceOfSatisfying(
              MailException.class,
              e -> {
                assertThat(e.permanent()).isTrue();
                assertThat(e.getMessage()).startsWith("554 5.7.1 Message rejected as spam");
              });
      // The mailer recovers: the next message goes through.
      mailer.send(MailFixtures.mail("ok@example.com", 3));
      assertThat(server.accepted.get()).isEqualTo(1);
    }
  }

  @Test
  void reconnectsAfterTheCapOfMessagesPerConnection() throws Exception {
    try (FakeSmtpServer server = new FakeSmtpServer();
        SmtpMailer mailer = new SmtpMailer(MailFixtures.settings(server.port(), 1, 0), 4)) {
      for (int i = 0; i < 10; i++) {
        mailer.send(MailFixtures.mail("r" + i + "@example.com", i));
      }
      assertThat(server.accepted.get()).isEqualTo(10);
      assertThat(server.connections.get()).isEqualTo(3); // 4 + 4 + 2
    }
  }

  @Test
  void authenticatesWithTheConfiguredCredentials() throws Exception {
    GreenMail gm = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    gm.setUser("brief@example.org", "sender", "s3cret");
    gm.start();
    try {
      MailSettings base = MailFixtures.settings(gm.getSmtp().getPort(), 1, 0);
      SmtpSettings good =
          new SmtpSettings(
              "127.0.0.1",
              gm.getSmtp().getPort(),
              "sender",
              "s3cret",
              SmtpSettings.Security.NONE,
              Duration.ofSeconds(5),
              Duration.ofSeconds(10));
      try (SmtpMailer mailer = new SmtpMailer(withSmtp(base, good))) {
        mailer.send(MailFixtures.mail("reader@example.com", 1));
      }
      assertThat(gm.getReceivedMessages()).hasSize(1);
      SmtpSettings bad =
          new SmtpSettings(
              "127.0.0.1",
              gm.getSmtp().getPort(),
              "sender",
              "wrong",
              SmtpSettings.Security.NONE,
              Duration.ofSeconds(5),
              Duration.ofSeconds(10));
      try (SmtpMailer mailer = new SmtpMailer(withSmtp(base, bad))) {
        // A rejected login is the sender's problem, never the subscriber's: not permanent.
        assertThatThrownBy(() -> mailer.send(MailFixtures.mail("reader@example.com", 2)))
            .isInstanceOfSatisfying(MailException.class, e -> assertThat(e.permanent()).isFalse());
      }
      assertThat(gm.getReceivedMessages()).hasSize(1);
    } finally {
      gm.stop();
    }
  }

  private static MailSettings withSmtp(MailSettings base, SmtpSettings smtp) {
    return new MailSettings(
        base.from(),
        base.replyTo(),
        base.unsubscribeMailto(),
        smtp,
        base.ratePerSecond(),
        base.pool(),
        base.dkim());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      textBlock =
          """
      NONE,     '',     '',     false
      STARTTLS, 'true', '',     false
      TLS,      '',     'true', true
      """)
  void transportSecurityProperties(
      SmtpSettings.Security security, String starttls, String ssl, boolean credentials) {
    SmtpSettings smtp =
        new SmtpSettings(
            "smtp.example.org",
            587,
            credentials ? "u" : "",
            credentials ? "p" : "",
            security,
            Duration.ofSeconds(3),
            Duration.ofSeconds(20));
    java.util.Properties p = SmtpMailer.properties(smtp);
    assertThat(p.getProperty("mail.smtp.starttls.enable", "")).isEqualTo(starttls);
    assertThat(p.getProperty("mail.smtp.starttls.required", "")).isEqualTo(starttls);
    assertThat(p.getProperty("mail.smtp.ssl.enable", "")).isEqualTo(ssl);
    assertThat(p.getProperty("mail.smtp.auth")).isEqualTo(Boolean.toString(credentials));
    assertThat(p.getProperty("mail.smtp.connectiontimeout")).isEqualTo("3000");
    assertThat(p.getProperty("mail.smtp.timeout")).isEqualTo("20000");
    assertThat(p.getProperty("mail.smtp.ssl.checkserveridentity", "false"))
        .isEqualTo(Boolean.toString(security != SmtpSettings.Security.NONE));
  }

  @Test
  void aDroppedConnectionFailsOneSendTransientlyThenReconnects() throws Exception {
    try (FakeSmtpServer server = new FakeSmtpServer();
        SmtpMailer mailer = new SmtpMailer(MailFixtures.settings(server.port(), 1, 0))) {
      mailer.send(MailFixtures.mail("a@example.com", 1));
      server.dropSessions();
      try {
        mailer.send(MailFixtures.mail("b@example.com", 2));
      } catch (MailException e) {
        assertThat(e.permanent()).isFalse(); // the delivery stage retries this one
      }
      mailer.send(MailFixtures.mail("c@example.com", 3));
      assertThat(server.accepted.get()).isBetween(2, 3);
      assertThat(server.connections.get()).isEqualTo(2);
    }
  }

  @Test
  void unreachableServerIsTransient() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (SmtpMailer mailer = new SmtpMailer(MailFixtures.settings(port, 1, 0))) {
      assertThatThrownBy(() -> mailer.send(MailFixtures.mail("reader@example.com", 1)))
          .isInstanceOfSatisfying(MailException.class, e -> assertThat(e.permanent()).isFalse());
    }
  }

  @Test
  void rateLimitIsALowerBoundOnElapsedTime() throws Exception {
    try (FakeSmtpServer server = new FakeSmtpServer();
        SmtpMailer mailer = new SmtpMailer(MailFixtures.settings(server.port(), 2, 20))) {
      long start = System.nanoTime();
      for (int i = 0; i < 11; i++) {
        mailer.send(MailFixtures.mail("r" + i + "@example.com", i));
      }
      // 11 messages at 20/s: the 11th cannot start before 10 intervals of 50 ms.
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(480));
      assertThat(server.accepted.get()).isEqualTo(11);
    }
  }
}
