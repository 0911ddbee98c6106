package dev.digest.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.digest.bounce.Feedback;
import dev.digest.config.BounceSettings.ImapSettings;
import dev.digest.config.SmtpSettings;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The poller against a real IMAP server (GreenMail, with IDLE and MOVE) and a recording sink. */
class MailboxPollerTest {

  private static final String LOGIN = "bounces";
  private static final String PASSWORD = "s3cret-imap";
  private static final Duration LONG = Duration.ofMinutes(10);

  private GreenMail greenMail;
  private GreenMailUser user;
  private int port;
  private final RecordingSink sink = new RecordingSink();
  private final List<MailboxPoller> pollers = new ArrayList<>();

  @BeforeEach
  void startServer() {
    startServer(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
    port = greenMail.getImap().getPort();
  }

  private void startServer(ServerSetup setup) {
    greenMail = new GreenMail(setup);
    greenMail.start();
    user = greenMail.setUser("bounces@example.org", LOGIN, PASSWORD);
  }

  @AfterEach
  void stop() {
    pollers.forEach(MailboxPoller::close);
    greenMail.stop();
  }

  @Test
  void handsEachMessageOnceThenMovesItToTheProcessedFolder() throws Exception {
    deliver("dsn-hard.eml");
    deliver("auto-reply.eml");
    deliver("malformed.eml");
    deliver("unsubscribe.eml");

    MailboxPoller poller = start(LONG, true);

    await().until(() -> messages("INBOX.processed").size() == 4);
    assertThat(sink.messageIds())
        .containsExactlyInAnyOrder(
            "<dsn-hard-1@mx.example.net>",
            "<ooo-20250603-1@mail.example.com>",
            "<malformed-1@mail.example.com>",
            "<unsub-1@mail.example.com>");
    assertThat(sink.sources()).containsOnly("imap");
    assertThat(messages("INBOX")).isEmpty();
    for (StoredMessage m : messages("INBOX.processed")) {
      assertThat(m.getFlags().contains(Flags.Flag.SEEN)).isTrue();
      assertThat(m.getFlags().contains(MailboxPoller.PROCESSED_KEYWORD)).isTrue();
      assertThat(m.getFlags().contains(Flags.Flag.DELETED)).isFalse();
    }
    // The whole message reached the sink: the DSN's delivery-status part included.
    assertThat(sink.rawOf("<dsn-hard-1@mx.example.net>"))
        .contains("Status: 5.1.1")
        .contains("Message-ID: <e12.s7.weekly-brief@example.org>");

    await().until(() -> poller.state() == MailboxPoller.State.IDLING);
    assertThat(sink.count()).isEqualTo(4);
  }

  @Test
  void idleHandsAMessageAppendedWhileWaiting() throws Exception {
    MailboxPoller poller = start(LONG, true);
    await().until(() -> poller.state() == MailboxPoller.State.IDLING);
    assertThat(sink.count()).isZero();

    // poll-every is ten minutes: only IDLE can bring this message in within the wait.
    deliver("dsn-hard.eml");

    await().until(() -> sink.count() == 1);
    assertThat(sink.messageIds()).containsExactly("<dsn-hard-1@mx.example.net>");
    await().until(() -> messages("INBOX").isEmpty());
    assertThat(messages("INBOX.processed")).hasSize(1);

    deliver("auto-reply.eml");
    await().until(() -> sink.count() == 2);
    await().until(() -> messages("INBOX.processed").size() == 2);
  }

  @Test
  void aMessageTheSinkFailedOnStaysUnmarkedForTheNextPass() throws Exception {
    sink.failOnce(raw -> raw.contains("<ooo-20250603-1@mail.example.com>"));
    deliver("dsn-hard.eml");
    deliver("auto-reply.eml");

    MailboxPoller poller = start(LONG, true);

    await().until(() -> poller.state() == MailboxPoller.State.IDLING && sink.failures() == 1);
    assertThat(messages("INBOX.processed")).hasSize(1);
    List<StoredMessage> left = messages("INBOX");
    assertThat(left).hasSize(1);
    StoredMessage failed = left.get(0);
    assertThat(failed.getMimeMessage().getMessageID())
        .isEqualTo("<ooo-20250603-1@mail.example.com>");
    assertThat(failed.getFlags().contains(Flags.Flag.SEEN)).isFalse();
    assertThat(failed.getFlags().contains(MailboxPoller.PROCESSED_KEYWORD)).isFalse();
    assertThat(failed.getFlags().contains(Flags.Flag.DELETED)).isFalse();

    // The next pass (woken by new mail) hands it again, and this time it is moved.
    deliver("unsubscribe.eml");
    await().until(() -> messages("INBOX.processed").size() == 3);
    assertThat(messages("INBOX")).isEmpty();
    assertThat(sink.messageIds())
        .containsExactlyInAnyOrder(
            "<dsn-hard-1@mx.example.net>",
            "<ooo-20250603-1@mail.example.com>",
            "<unsub-1@mail.example.com>");
  }

  @Test
  void withoutMoveMessagesStayFlaggedAndAreNotHandedAgain() throws Exception {
    deliver("dsn-hard.eml");
    deliver("malformed.eml");

    MailboxPoller poller = start(LONG, false);

    await().until(() -> poller.state() == MailboxPoller.State.IDLING && sink.count() == 2);
    assertThat(folder("INBOX.processed")).isNull();
    List<StoredMessage> inbox = messages("INBOX");
    assertThat(inbox).hasSize(2);
    for (StoredMessage m : inbox) {
      assertThat(m.getFlags().contains(Flags.Flag.SEEN)).isTrue();
      assertThat(m.getFlags().contains(MailboxPoller.PROCESSED_KEYWORD)).isTrue();
      assertThat(m.getFlags().contains(Flags.Flag.DELETED)).isFalse();
    }

    // A new pass reads only the new message; the flagged ones are not handed again.
    deliver("auto-reply.eml");
    await().until(() -> sink.count() == 3);
    await().until(() -> poller.state() == MailboxPoller.State.IDLING);
    assertThat(sink.messageIds())
        .containsExactlyInAnyOrder(
            "<dsn-hard-1@mx.example.net>",
            "<malformed-1@mail.example.com>",
            "<ooo-20250603-1@mail.example.com>");
    assertThat(messages("INBOX")).hasSize(3);
  }

  @Test
  void reconnectsAfterTheServerRestarts() throws Exception {
    MailboxPoller poller = start(LONG, true);
    deliver("dsn-hard.eml");
    awaitIgnoringServerThreads().until(() -> sink.count() == 1);
    awaitIgnoringServerThreads().until(() -> poller.state() == MailboxPoller.State.IDLING);

    // GreenMail's handler threads die with an uncaught "Socket closed" when it stops: expected.
    greenMail.stop();
    awaitIgnoringServerThreads().until(() -> poller.state() == MailboxPoller.State.BACKING_OFF);

    // Same port, a fresh (empty) server: the poller finds it and reads what arrives there.
    startServer(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    deliver("auto-reply.eml");

    awaitIgnoringServerThreads().until(() -> sink.count() == 2);
    assertThat(sink.messageIds())
        .containsExactly("<dsn-hard-1@mx.example.net>", "<ooo-20250603-1@mail.example.com>");
    awaitIgnoringServerThreads().until(() -> messages("INBOX.processed").size() == 1);
  }

  @Test
  void aMessageOverTheSizeLimitIsMarkedWithoutBeingRead() throws Exception {
    MimeMessage huge = new MimeMessage(Session.getInstance(new Properties()));
    huge.setFrom("flood@mail.example.com");
    huge.setRecipients(jakarta.mail.Message.RecipientType.TO, "brief+u-abc@example.org");
    huge.setSubject("huge");
    huge.setText("x".repeat(3 * 1024 * 1024));
    huge.saveChanges();
    user.deliver(huge);
    deliver("dsn-hard.eml");

    MailboxPoller poller = start(LONG, true);

    await().until(() -> messages("INBOX.processed").size() == 2);
    await().until(() -> poller.state() == MailboxPoller.State.IDLING);
    assertThat(sink.messageIds()).containsExactly("<dsn-hard-1@mx.example.net>");
    assertThat(messages("INBOX")).isEmpty();
  }

  @Test
  void closeEndsIdleAndTheThread() {
    MailboxPoller poller = start(LONG, true);
    await().until(() -> poller.state() == MailboxPoller.State.IDLING);

    poller.close();

    assertThat(poller.state()).isEqualTo(MailboxPoller.State.CLOSED);
  }

  @Test
  void aWrongPasswordIsRetriedAndNeverLogged() {
    ImapSettings wrong =
        new ImapSettings(
            "127.0.0.1",
            port,
            LOGIN,
            "not-the-password",
            SmtpSettings.Security.NONE,
            "INBOX",
            LONG);
    assertThat(wrong.toString()).doesNotContain("not-the-password");
    MailboxPoller poller = MailboxPoller.start(wrong, sink, tuning(true));
    pollers.add(poller);

    await().until(() -> poller.state() == MailboxPoller.State.BACKING_OFF);
    assertThat(poller.describe()).isEqualTo("imap://bounces@127.0.0.1:" + port + "/INBOX");
    assertThat(sink.count()).isZero();
  }

  // --- helpers ---

  private MailboxPoller start(Duration pollEvery, boolean move) {
    ImapSettings settings =
        new ImapSettings(
            "127.0.0.1", port, LOGIN, PASSWORD, SmtpSettings.Security.NONE, "INBOX", pollEvery);
    MailboxPoller poller = MailboxPoller.start(settings, sink, tuning(move));
    pollers.add(poller);
    return poller;
  }

  private static MailboxPoller.Tuning tuning(boolean move) {
    return new MailboxPoller.Tuning(
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofMillis(100),
        Duration.ofMillis(400),
        move);
  }

  private static org.awaitility.core.ConditionFactory awaitIgnoringServerThreads() {
    return await().dontCatchUncaughtExceptions();
  }

  private void deliver(String fixture) throws Exception {
    try (InputStream in = getClass().getResourceAsStream(fixture)) {
      assertThat(in).as(fixture).isNotNull();
      user.deliver(new MimeMessage(Session.getInstance(new Properties()), in));
    }
  }

  private MailFolder folder(String name) {
    return greenMail.getManagers().getImapHostManager().getFolder(user, name);
  }

  private List<StoredMessage> messages(String name) {
    MailFolder f = folder(name);
    return f == null ? List.of() : f.getMessages();
  }

  /** Records what it was handed; can fail once on a chosen message, like a database outage. */
  private static final class RecordingSink implements FeedbackSink {
    private final List<String> raws = new CopyOnWriteArrayList<>();
    private final List<String> sources = new CopyOnWriteArrayList<>();
    private volatile Predicate<String> failOnce = raw -> false;
    private volatile int failures;

    void failOnce(Predicate<String> which) {
      failOnce = which;
    }

    @Override
    public Outcome acceptMessage(byte[] rawMessage, String source) {
      String raw = new String(rawMessage, StandardCharsets.ISO_8859_1);
      if (failOnce.test(raw)) {
        failOnce = r -> false;
        failures++;
        throw new IllegalStateException("database unavailable");
      }
      raws.add(raw);
      sources.add(source);
      return new Outcome(false, "recorded");
    }

    @Override
    public Outcome acceptEvent(Feedback feedback) {
      throw new UnsupportedOperationException("the poller hands messages only");
    }

    int count() {
      return raws.size();
    }

    int failures() {
      return failures;
    }

    List<String> sources() {
      return sources;
    }

    List<String> messageIds() {
      List<String> ids = new ArrayList<>();
      for (String raw : raws) {
        try {
          ids.add(
              new MimeMessage(
                      Session.getInstance(new Properties()),
                      new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)))
                  .getMessageID());
        } catch (jakarta.mail.MessagingException e) {
          throw new AssertionError(e);
        }
      }
      return ids;
    }

    String rawOf(String messageId) throws IOException {
      return raws.stream().filter(r -> r.contains(messageId)).findFirst().orElseThrow();
    }
  }
}
