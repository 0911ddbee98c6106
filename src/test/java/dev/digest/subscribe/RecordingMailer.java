package dev.digest.subscribe;

import dev.digest.mail.MailException;
import dev.digest.mail.Mailer;
import dev.digest.mail.OutgoingMail;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A {@link Mailer} for tests: records every accepted message and fails on command (a predicate per
 * message, for transient or permanent failures, or a plain exception).
 */
public final class RecordingMailer implements Mailer {

  /** What to do with one message. */
  public enum Fault {
    NONE,
    TRANSIENT,
    /** A 4xx reply about this message (452 mailbox full): the server itself answered. */
    REFUSED_FOR_NOW,
    PERMANENT,
    RUNTIME
  }

  /** Decides the fault for a message, given how many sends were attempted before it. */
  public interface Script {
    Fault fault(OutgoingMail mail, int attemptIndex);
  }

  private final List<OutgoingMail> sent = new ArrayList<>();
  private final List<OutgoingMail> attempts = new ArrayList<>();
  private final Set<String> closed = ConcurrentHashMap.newKeySet();
  private volatile Script script = (m, i) -> Fault.NONE;

  public RecordingMailer failing(Script script) {
    this.script = script;
    return this;
  }

  /** Fails every message to an address matching {@code to} with {@code fault}. */
  public RecordingMailer failingFor(Predicate<String> to, Fault fault) {
    return failing((m, i) -> to.test(m.to()) ? fault : Fault.NONE);
  }

  @Override
  public void send(OutgoingMail mail) throws MailException {
    int index;
    synchronized (this) {
      index = attempts.size();
      attempts.add(mail);
    }
    Fault fault = script.fault(mail, index);
    switch (fault) {
      case TRANSIENT:
        throw new MailException("421 4.3.2 try again later", false, null);
      case REFUSED_FOR_NOW:
        throw new MailException("452 4.2.2 mailbox full " + mail.to(), 452, null);
      case PERMANENT:
        throw new MailException("550 5.1.1 no such user " + mail.to(), true, null);
      case RUNTIME:
        throw new IllegalStateException("connection reset");
      default:
        break;
    }
    synchronized (this) {
      sent.add(mail);
    }
  }

  public synchronized List<OutgoingMail> sent() {
    return List.copyOf(sent);
  }

  public synchronized List<OutgoingMail> attempts() {
    return List.copyOf(attempts);
  }

  @Override
  public void close() {
    closed.add("closed");
  }
}
