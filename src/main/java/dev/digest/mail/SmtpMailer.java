package dev.digest.mail;

import dev.digest.config.MailSettings;
import dev.digest.config.SmtpSettings;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends over SMTP with Jakarta Mail (Angus), reusing connections. Thread-safe.
 *
 * <p>A pool of {@code mail.pool} connections, each used for up to {@link #DEFAULT_PER_CONNECTION}
 * messages before it is closed and reopened (servers throttle or drop long sessions); a connection
 * that failed is reopened on its next use. A global rate limit spaces the messages. {@link #send}
 * blocks until a connection is free and the server accepted the message, and never retries: the
 * delivery stage decides. The bytes on the wire are exactly those of {@link MimeMessages}, so a
 * DKIM signature holds.
 */
public final class SmtpMailer implements Mailer {

  public static final int DEFAULT_PER_CONNECTION = 100;
  private static final long IDLE_CHECK_NANOS = 10_000_000_000L;
  private static final Logger log = LoggerFactory.getLogger(SmtpMailer.class);

  private final SmtpSettings smtp;
  private final MimeMessages mime;
  private final RateLimiter rate;
  private final int perConnection;
  private final BlockingQueue<Connection> pool;
  private final List<Connection> all = new ArrayList<>();
  private volatile boolean closed;

  public SmtpMailer(MailSettings settings) {
    this(settings, DEFAULT_PER_CONNECTION);
  }

  /** As {@link #SmtpMailer(MailSettings)} with another cap of messages per connection. */
  public SmtpMailer(MailSettings settings, int perConnection) {
    this.smtp = settings.smtp();
    this.mime = new MimeMessages(settings);
    this.rate = new RateLimiter(settings.ratePerSecond());
    this.perConnection = Math.max(1, perConnection);
    int size = Math.max(1, settings.pool());
    this.pool = new ArrayBlockingQueue<>(size);
    for (int i = 0; i < size; i++) {
      Connection c = new Connection(i);
      all.add(c);
      pool.add(c);
    }
  }

  static Properties properties(SmtpSettings smtp) {
    return properties(smtp, new NoDelaySocketFactory());
  }

  private static Properties properties(SmtpSettings smtp, NoDelaySocketFactory sockets) {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", smtp.host());
    p.setProperty("mail.smtp.port", Integer.toString(smtp.port()));
    p.setProperty("mail.smtp.connectiontimeout", Long.toString(smtp.connectTimeout().toMillis()));
    p.setProperty("mail.smtp.timeout", Long.toString(smtp.timeout().toMillis()));
    // No mail.smtp.writetimeout: Angus enforces it by running every socket write as a task on an
    // executor thread, which cost more CPU than the rest of a send (profiled: ~40 % of a 10,000
    // message run). A server that stops reading still hits the read timeout on its next reply.
    p.setProperty("mail.smtp.auth", Boolean.toString(smtp.hasCredentials()));
    if (smtp.security() != SmtpSettings.Security.TLS) {
      p.put("mail.smtp.socketFactory", sockets);
      // Never a socket of Angus' own making instead: DirectDataTransport writes to this one.
      p.setProperty("mail.smtp.socketFactory.fallback", "false");
    }
    if (smtp.security() == SmtpSettings.Security.STARTTLS) {
      // Required, not opportunistic: a server that does not offer STARTTLS is an error.
      p.setProperty("mail.smtp.starttls.enable", "true");
      p.setProperty("mail.smtp.starttls.required", "true");
    } else if (smtp.security() == SmtpSettings.Security.TLS) {
      p.setProperty("mail.smtp.ssl.enable", "true");
    }
    if (smtp.security() != SmtpSettings.Security.NONE) {
      p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    }
    return p;
  }

  @Override
  public void send(OutgoingMail mail) throws MailException {
    send(mail, null);
  }

  @Override
  public void send(OutgoingMail mail, Runnable beforeHandOff) throws MailException {
    if (closed) {
      throw new MailException("mailer is closed", false, null);
    }
    RawMail bytes = mime.encode(mail);
    Connection c;
    try {
      rate.acquire();
      c = pool.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MailException("interrupted while waiting to send", false, e);
    }
    try {
      c.send(mail, bytes, beforeHandOff);
    } finally {
      pool.add(c);
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Connection c : all) {
      synchronized (c) {
        c.disconnect();
      }
    }
  }

  /** One pooled SMTP session; used by one thread at a time (it is out of the queue meanwhile). */
  private final class Connection {
    private final int index;
    // Its own session and socket factory, so the transport can find the socket it talks on.
    private final NoDelaySocketFactory sockets = new NoDelaySocketFactory();
    private final Session session = Session.getInstance(properties(smtp, sockets));
    private DirectDataTransport transport;
    private long lastUsed;
    private int sent;

    Connection(int index) {
      this.index = index;
    }

    synchronized void send(OutgoingMail mail, RawMail bytes, Runnable beforeHandOff)
        throws MailException {
      try {
        // Angus's isConnected() costs a NOOP round trip: only ask after the session sat idle
        // long enough for the server to have dropped it.
        boolean stale =
            transport != null
                && System.nanoTime() - lastUsed > IDLE_CHECK_NANOS
                && !transport.isConnected();
        if (transport == null || stale || sent >= perConnection) {
          disconnect();
          // Plain connections only: with TLS, DATA must go through the TLS socket Angus layers.
          DirectDataTransport t =
              new DirectDataTransport(
                  session,
                  new URLName("smtp", smtp.host(), smtp.port(), null, null, null),
                  sockets,
                  smtp.security() == SmtpSettings.Security.NONE);
          t.connect(
              smtp.host(),
              smtp.port(),
              smtp.hasCredentials() ? smtp.username() : null,
              smtp.hasCredentials() ? smtp.password() : null);
          transport = t;
          sent = 0;
          log.debug(
              "smtp_connected connection={} host={} port={}", index, smtp.host(), smtp.port());
        }
        InternetAddress to = new InternetAddress(HeaderEncoding.address(mail.to()));
        RawMessage message =
            new RawMessage(
                session,
                bytes,
                mail.envelopeFrom().isEmpty()
                    ? HeaderEncoding.address(mail.from())
                    : mail.envelopeFrom());
        transport.sendReady(message, new Address[] {to}, beforeHandOff);
        sent++;
        lastUsed = System.nanoTime();
      } catch (MessagingException | RuntimeException e) {
        MailException failure = classify(e);
        if (transport != null && transport.endUnconfirmed() && !failure.permanent()) {
          // SMTP cannot tell whether the server took it (RFC 1047): digest retries, as every MTA
          // does, so a reader may get this one twice; the row's error says why.
          failure =
              new MailException(
                  "no reply after the end of the message (the server may have taken it): "
                      + failure.getMessage(),
                  false,
                  true,
                  e);
        }
        if (!failure.permanent()) {
          disconnect(); // a transient failure may have left the session in any state
        }
        throw failure;
      }
    }

    void disconnect() {
      if (transport != null) {
        try {
          transport.close();
        } catch (MessagingException | RuntimeException e) {
          log.debug("smtp_close_failed connection={} error={}", index, e.toString());
        }
        transport = null;
      }
    }
  }

  /** 5xx replies are permanent (RFC 5321 4.2.1); 4xx, I/O and everything else are transient. */
  static MailException classify(Exception e) {
    int code = -1;
    String reply = null;
    for (Throwable t = e; t != null && code < 0; t = next(t)) {
      if (t instanceof SMTPAddressFailedException) {
        code = ((SMTPAddressFailedException) t).getReturnCode();
      } else if (t instanceof SMTPSendFailedException) {
        code = ((SMTPSendFailedException) t).getReturnCode();
      } else if (t instanceof SMTPSenderFailedException) {
        code = ((SMTPSenderFailedException) t).getReturnCode();
      }
      if (code >= 0) {
        reply = t.getMessage() == null ? "" : t.getMessage().strip();
      }
    }
    if (code >= 0) {
      // Angus puts the server's reply line in the message; keep it verbatim for the delivery row.
      String message = reply.startsWith(Integer.toString(code)) ? reply : code + " " + reply;
      return new MailException(message, code, e);
    }
    return new MailException("smtp failure: " + e, false, e);
  }

  private static Throwable next(Throwable t) {
    if (t instanceof MessagingException) {
      Exception n = ((MessagingException) t).getNextException();
      if (n != null && n != t) {
        return n;
      }
    }
    return t.getCause() == t ? null : t.getCause();
  }

  /** A message whose bytes are written exactly as built, envelope sender set. */
  private static final class RawMessage extends SMTPMessage {
    private final RawMail raw;

    RawMessage(Session session, RawMail raw, String envelopeFrom) {
      super(session);
      this.raw = raw;
      setEnvelopeFrom(envelopeFrom);
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
      raw.writeTo(os);
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
      raw.writeTo(os);
    }
  }
}
