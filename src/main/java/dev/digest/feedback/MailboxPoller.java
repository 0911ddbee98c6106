package dev.digest.feedback;

import dev.digest.bounce.FeedbackParser;
import dev.digest.config.BounceSettings.ImapSettings;
import dev.digest.config.SmtpSettings;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.search.FlagTerm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the mailbox that receives returned mail ({@code mail.bounces.imap}) while {@code serve}
 * runs: hands each unprocessed message's raw bytes to the {@link FeedbackSink} (source {@code
 * imap}) and marks it processed only after the sink returned, so nothing is lost if digest or the
 * connection dies in between (a message may then be handed twice; never zero times).
 *
 * <p>How a message is marked depends on what the server offers, decided at each connect:
 *
 * <ul>
 *   <li>the server has MOVE (RFC 6851) and {@code <folder>.processed} exists or can be created: the
 *       message is flagged {@code \Seen} and {@code $DigestProcessed}, then moved there at the end
 *       of the pass. A message found flagged but not moved (the connection dropped in between) is
 *       moved without being handed again;
 *   <li>otherwise, when the folder keeps custom keywords ({@code PERMANENTFLAGS} has {@code \*}):
 *       it stays where it is, flagged {@code \Seen} and {@code $DigestProcessed}; messages without
 *       the keyword are the unprocessed ones;
 *   <li>otherwise it is flagged {@code \Seen}, and unread means unprocessed (so the mailbox must
 *       not be read by hand).
 * </ul>
 *
 * <p>Nothing is ever deleted. A message the sink refused (a bad token, malformed MIME) was read and
 * is marked like any other; a message larger than {@link FeedbackParser#MAX_BYTES} is marked
 * without being read, with its one-line log; a message whose handling threw stays unmarked for the
 * next pass.
 *
 * <p>Waits with IDLE (RFC 2177) where the server offers it, re-issued every {@code pollEvery} (at
 * most 25 minutes: servers drop an IDLE after 30), else reads the folder every {@code pollEvery}.
 * Reconnects with a doubling backoff when the server goes away. One thread; {@link #close()} stops
 * it, interrupting IDLE. Thread-safe.
 */
public final class MailboxPoller implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);

  /** The keyword of processed messages (an IMAP keyword, RFC 3501 section 2.3.2). */
  public static final String PROCESSED_KEYWORD = "$DigestProcessed";

  /** The source the sink is told. */
  public static final String SOURCE = "imap";

  private static final Duration MAX_IDLE = Duration.ofMinutes(25);
  private static final Duration MIN_WAIT = Duration.ofSeconds(1);
  private static final long NUDGE_MILLIS = 200;

  /**
   * Timeouts and backoff; {@link #DEFAULT} in production, shorter in tests (which also turn off
   * MOVE to see the keyword marking on a server that has it).
   */
  record Tuning(
      Duration connectTimeout,
      Duration readTimeout,
      Duration firstRetry,
      Duration maxRetry,
      boolean move) {
    static final Tuning DEFAULT =
        new Tuning(
            Duration.ofSeconds(20),
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            true);
  }

  /** What the poller is doing, for tests and logs. */
  enum State {
    CONNECTING,
    READING,
    IDLING,
    WAITING,
    BACKING_OFF,
    CLOSED
  }

  private final ImapSettings settings;
  private final FeedbackSink sink;
  private final Tuning tuning;
  private final Duration wait;
  private final ScheduledExecutorService timer;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final AtomicBoolean newMail = new AtomicBoolean();
  private volatile boolean closed;
  private volatile State state = State.CONNECTING;
  private volatile IMAPFolder current;

  private MailboxPoller(ImapSettings settings, FeedbackSink sink, Tuning tuning) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.tuning = Objects.requireNonNull(tuning, "tuning");
    Duration every = settings.pollEvery().compareTo(MIN_WAIT) < 0 ? MIN_WAIT : settings.pollEvery();
    this.wait = every.compareTo(MAX_IDLE) > 0 ? MAX_IDLE : every;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "digest-imap-timer");
              t.setDaemon(true);
              return t;
            });
    this.thread = new Thread(this::run, "digest-imap");
    this.thread.setDaemon(true);
  }

  /** Starts reading the mailbox in a thread of its own; returns at once. */
  public static MailboxPoller start(ImapSettings settings, FeedbackSink sink) {
    return start(settings, sink, Tuning.DEFAULT);
  }

  static MailboxPoller start(ImapSettings settings, FeedbackSink sink, Tuning tuning) {
    MailboxPoller poller = new MailboxPoller(settings, sink, tuning);
    poller.thread.start();
    return poller;
  }

  State state() {
    return state;
  }

  /** Where it reads, without the password: {@code imap://user@host:port/folder}. */
  public String describe() {
    return (settings.security() == SmtpSettings.Security.TLS ? "imaps" : "imap")
        + "://"
        + (settings.username().isEmpty() ? "" : settings.username() + "@")
        + settings.host()
        + ":"
        + settings.port()
        + "/"
        + settings.folder();
  }

  // --- the thread ---

  private void run() {
    Duration retry = tuning.firstRetry();
    while (!closed) {
      state = State.CONNECTING;
      IMAPStore store = null;
      boolean failed = false;
      try {
        store = connect();
        Mailbox box = open(store);
        // A fresh connection that opened the folder: the next outage starts its backoff afresh.
        retry = tuning.firstRetry();
        serve(store, box);
      } catch (MessagingException | RuntimeException e) {
        failed = !closed;
        if (failed) {
          log.warn(
              "imap_disconnected mailbox={} error=\"{}\" retry_in={}",
              describe(),
              oneLine(e),
              retry);
        }
      } finally {
        current = null;
        closeQuietly(store);
      }
      if (failed) {
        state = State.BACKING_OFF;
        pause(retry);
        retry =
            retry.multipliedBy(2).compareTo(tuning.maxRetry()) > 0
                ? tuning.maxRetry()
                : retry.multipliedBy(2);
      }
    }
    state = State.CLOSED;
  }

  private IMAPStore connect() throws MessagingException {
    boolean tls = settings.security() == SmtpSettings.Security.TLS;
    String protocol = tls ? "imaps" : "imap";
    Session session = Session.getInstance(sessionProperties(protocol));
    IMAPStore store = (IMAPStore) session.getStore(protocol);
    store.connect(settings.host(), settings.port(), settings.username(), settings.password());
    return store;
  }

  private Properties sessionProperties(String protocol) {
    String p = "mail." + protocol + ".";
    Properties props = new Properties();
    props.setProperty(p + "connectiontimeout", Long.toString(tuning.connectTimeout().toMillis()));
    // The read timeout does not end an IDLE (Angus ignores it there) but does end a dead command.
    props.setProperty(p + "timeout", Long.toString(tuning.readTimeout().toMillis()));
    // BODY.PEEK: reading a message must not mark it \Seen before the sink has returned.
    props.setProperty(p + "peek", "true");
    if (settings.security() == SmtpSettings.Security.STARTTLS) {
      props.setProperty(p + "starttls.enable", "true");
      props.setProperty(p + "starttls.required", "true");
    }
    if (settings.security() != SmtpSettings.Security.NONE) {
      props.setProperty(p + "ssl.checkserveridentity", "true");
    }
    return props;
  }

  /** The open folder, where processed messages go, and what the server lets us mark. */
  private record Mailbox(IMAPFolder folder, Optional<Folder> processed, boolean keywords) {
    String marking() {
      return processed.isPresent() ? "move" : keywords ? "keyword" : "seen";
    }
  }

  private Mailbox open(IMAPStore store) throws MessagingException {
    IMAPFolder folder = (IMAPFolder) store.getFolder(settings.folder());
    folder.open(Folder.READ_WRITE);
    Flags permanent = folder.getPermanentFlags();
    boolean keywords =
        permanent != null
            && (permanent.contains(Flags.Flag.USER) || permanent.contains(PROCESSED_KEYWORD));
    Mailbox box = new Mailbox(folder, processedFolder(store), keywords);
    folder.addMessageCountListener(
        new MessageCountAdapter() {
          @Override
          public void messagesAdded(MessageCountEvent e) {
            newMail.set(true);
            nudge(folder, 0);
          }
        });
    current = folder;
    boolean idle = store.hasCapability("IDLE");
    log.info(
        "imap_connected mailbox={} idle={} marking={}{}",
        describe(),
        idle,
        box.marking(),
        box.processed().map(f -> " processed_folder=" + f.getFullName()).orElse(""));
    if (!box.keywords() && box.processed().isEmpty()) {
      log.warn(
          "imap_unread_means_unprocessed mailbox={} reason=\"the server neither moves messages nor"
              + " keeps keywords\": do not read this mailbox by hand",
          describe());
    }
    return box;
  }

  /** {@code <folder>.processed} when the server can MOVE there (created if missing). */
  private Optional<Folder> processedFolder(IMAPStore store) {
    String name = settings.folder() + ".processed";
    try {
      if (!tuning.move() || !store.hasCapability("MOVE")) {
        return Optional.empty();
      }
      Folder processed = store.getFolder(name);
      if (processed.exists() || processed.create(Folder.HOLDS_MESSAGES)) {
        return Optional.of(processed);
      }
      log.warn(
          "imap_no_processed_folder folder={} reason=\"the server refused to create it\"", name);
    } catch (MessagingException e) {
      log.warn("imap_no_processed_folder folder={} error=\"{}\"", name, oneLine(e));
    }
    return Optional.empty();
  }

  private void serve(IMAPStore store, Mailbox box) throws MessagingException {
    boolean idle = store.hasCapability("IDLE");
    while (!closed) {
      newMail.set(false);
      state = State.READING;
      readPending(box);
      if (closed) {
        return;
      }
      if (idle) {
        idle(box.folder());
      } else {
        state = State.WAITING;
        pause(wait);
      }
    }
  }

  /** One pass: every unprocessed message to the sink, then marked; leftovers moved. */
  private void readPending(Mailbox box) throws MessagingException {
    IMAPFolder folder = box.folder();
    List<Message> done = new ArrayList<>();
    Message[] pending;
    if (box.keywords()) {
      pending = folder.search(new FlagTerm(new Flags(PROCESSED_KEYWORD), false));
      if (box.processed().isPresent()) {
        // Marked in an earlier pass whose move did not happen: move them, do not hand them again.
        done.addAll(List.of(folder.search(new FlagTerm(new Flags(PROCESSED_KEYWORD), true))));
      }
    } else if (box.processed().isPresent()) {
      pending = folder.getMessages();
    } else {
      pending = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
    }
    FetchProfile profile = new FetchProfile();
    profile.add(UIDFolder.FetchProfileItem.UID);
    profile.add(FetchProfile.Item.SIZE);
    folder.fetch(pending, profile);
    for (Message m : pending) {
      if (closed) {
        break;
      }
      if (hand(folder, m)) {
        Flags mark = new Flags(Flags.Flag.SEEN);
        if (box.keywords()) {
          mark.add(PROCESSED_KEYWORD);
        }
        m.setFlags(mark, true);
        done.add(m);
      }
    }
    if (box.processed().isPresent() && !done.isEmpty()) {
      folder.moveMessages(done.toArray(Message[]::new), box.processed().get());
    }
  }

  /**
   * Hands one message to the sink. True when it may be marked processed: the sink returned
   * (whatever it said) or the message is too large to read; false when the sink failed.
   */
  private boolean hand(IMAPFolder folder, Message m) throws MessagingException {
    long uid = folder.getUID(m);
    int size = m.getSize();
    byte[] raw;
    try {
      raw = size > FeedbackParser.MAX_BYTES ? null : bytes(m);
    } catch (TooLarge e) {
      raw = null;
    } catch (IOException e) {
      throw new MessagingException("cannot read message uid " + uid + ": " + e.getMessage(), e);
    }
    if (raw == null) {
      log.warn(
          "imap_message_refused mailbox={} uid={} size={}"
              + " reason=\"larger than {} bytes, not read\"",
          describe(),
          uid,
          size,
          FeedbackParser.MAX_BYTES);
      return true;
    }
    FeedbackSink.Outcome outcome;
    try {
      outcome = sink.acceptMessage(raw, SOURCE);
    } catch (RuntimeException e) {
      log.warn(
          "imap_message_failed mailbox={} uid={} error=\"{}\" (left unmarked for the next pass)",
          describe(),
          uid,
          oneLine(e));
      return false;
    }
    log.info(
        "imap_message mailbox={} uid={} changed={} summary=\"{}\"",
        describe(),
        uid,
        outcome.changed(),
        outcome.summary());
    return true;
  }

  private static byte[] bytes(Message m) throws IOException, MessagingException {
    CappedBuffer out = new CappedBuffer(FeedbackParser.MAX_BYTES);
    m.writeTo(out);
    return out.toByteArray();
  }

  /** Waits in IDLE until the server reports a change, {@link #wait} passes, or close(). */
  private void idle(IMAPFolder folder) throws MessagingException {
    if (newMail.get()) {
      return; // arrived during the pass: read again before waiting
    }
    ScheduledFuture<?> recheck =
        timer.schedule(() -> abortIdle(folder), wait.toMillis(), TimeUnit.MILLISECONDS);
    state = State.IDLING;
    try {
      folder.idle(true);
    } finally {
      recheck.cancel(false);
    }
  }

  /**
   * New mail was announced (by an EXISTS that may have come while no IDLE was running, e.g. in
   * answer to the pass's last command or before IDLE started): end the IDLE that would otherwise
   * wait for it, and keep trying until the reader has started its next pass.
   */
  private void nudge(IMAPFolder folder, long delayMillis) {
    try {
      timer.schedule(
          () -> {
            if (!closed && newMail.get() && current == folder) {
              abortIdle(folder);
              nudge(folder, NUDGE_MILLIS);
            }
          },
          delayMillis,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile: nothing to wake
    }
  }

  /** Any command on the folder from another thread ends its IDLE (Angus sends DONE first). */
  private static void abortIdle(IMAPFolder folder) {
    try {
      folder.doCommand(p -> null);
    } catch (MessagingException | RuntimeException e) {
      log.debug("imap_idle_abort_failed error=\"{}\"", oneLine(e));
    }
  }

  private void pause(Duration d) {
    long nanos = d.toNanos();
    lock.lock();
    try {
      while (!closed && nanos > 0) {
        nanos = wake.awaitNanos(nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops reading: ends an IDLE or a wait at once, lets a message being handed finish (its mark
   * included), and waits for the thread up to the read timeout.
   */
  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + tuning.readTimeout().plusSeconds(5).toNanos();
    try {
      while (thread.isAlive() && System.nanoTime() < deadline) {
        IMAPFolder f = current;
        if (f != null) {
          timer.execute(() -> abortIdle(f));
        }
        thread.join(250);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      timer.shutdownNow();
    }
    if (thread.isAlive()) {
      log.warn(
          "imap_close_timeout mailbox={} (the reader thread is still waiting on the server)",
          describe());
    }
  }

  private static void closeQuietly(IMAPStore store) {
    if (store == null) {
      return;
    }
    try {
      store.close();
    } catch (MessagingException | RuntimeException e) {
      log.debug("imap_close_failed error=\"{}\"", oneLine(e));
    }
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s+", " ").replace('"', '\'').trim();
  }

  /** Collects bytes up to a limit; one more throws {@link TooLarge}. */
  private static final class CappedBuffer extends ByteArrayOutputStream {
    private final int limit;

    CappedBuffer(int limit) {
      this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
      check(1);
      super.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      check(len);
      super.write(b, off, len);
    }

    private void check(int more) {
      if (count + (long) more > limit) {
        throw new TooLarge();
      }
    }
  }

  /** Unchecked so it passes through {@code write}; caught in {@link #hand}. */
  private static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("message too large", null, false, false);
    }
  }
}
