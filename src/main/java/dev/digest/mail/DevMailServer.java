package dev.digest.mail;

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded SMTP server (GreenMail) that takes all mail when no SMTP host is configured; its
 * captured messages are the web outbox. Always {@link #close()} it: its threads keep the JVM alive.
 * Thread-safe.
 */
public final class DevMailServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DevMailServer.class);

  private final GreenMail greenMail;

  private DevMailServer(GreenMail greenMail) {
    this.greenMail = greenMail;
  }

  /**
   * Sees a copy of each message the server receives for an envelope recipient it {@code wants}
   * (once per message, however many of its recipients it wants), in the SMTP session, before the
   * message is stored: the client's "250 OK" comes after {@code received} returned. What it throws
   * is logged; the message is stored all the same.
   */
  public record Tap(Predicate<String> wants, Consumer<byte[]> received) {
    /** Sees nothing. */
    public static final Tap NONE = new Tap(r -> false, raw -> {});

    public Tap {
      Objects.requireNonNull(wants, "wants");
      Objects.requireNonNull(received, "received");
    }
  }

  /** Starts on 127.0.0.1:{@code port} (0 = any free port). */
  public static DevMailServer start(int port) {
    return start(port, Tap.NONE);
  }

  /** Starts on 127.0.0.1:{@code port} (0 = any free port), {@code tap} seeing what it wants. */
  public static DevMailServer start(int port, Tap tap) {
    ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    if (port == 0) {
      setup = setup.dynamicPort();
    }
    GreenMail gm = new GreenMail(setup);
    gm.start();
    if (tap != Tap.NONE) {
      tapDeliveries(gm.getUserManager(), tap);
    }
    DevMailServer server = new DevMailServer(gm);
    log.info("dev_smtp_started host=127.0.0.1 port={}", server.port());
    return server;
  }

  /**
   * Wraps GreenMail's delivery (one call per envelope recipient, which picks the mailbox) so the
   * tap sees the message at its first wanted recipient; every copy is still stored as before.
   */
  private static void tapDeliveries(UserManager users, Tap tap) {
    MessageDeliveryHandler store = users.getMessageDeliveryHandler();
    users.setMessageDeliveryHandler(
        (message, recipient) -> {
          GreenMailUser user = store.handle(message, recipient);
          if (isFirstWanted(message, recipient, tap)) {
            try {
              ByteArrayOutputStream raw = new ByteArrayOutputStream();
              message.getMessage().writeTo(raw);
              tap.received().accept(raw.toByteArray());
            } catch (IOException | RuntimeException e) {
              log.warn(
                  "dev_smtp_tap_failed recipient={} error=\"{}\"",
                  recipient.getEmail(),
                  e.toString());
            }
          }
          return user;
        });
  }

  private static boolean isFirstWanted(MovingMessage message, MailAddress recipient, Tap tap) {
    for (MailAddress to : message.getToAddresses()) {
      if (tap.wants().test(to.getEmail())) {
        return to.getEmail().equalsIgnoreCase(recipient.getEmail());
      }
    }
    return false;
  }

  public int port() {
    return greenMail.getSmtp().getPort();
  }

  /**
   * Captured messages, newest first. Ids are 1-based in order of arrival (GreenMail keeps one copy
   * per recipient).
   */
  public List<CapturedMail> messages() {
    MimeMessage[] received = greenMail.getReceivedMessages();
    List<Indexed> ordered = new ArrayList<>(received.length);
    for (int i = 0; i < received.length; i++) {
      ordered.add(new Indexed(i, received[i], receivedAt(received[i])));
    }
    // GreenMail lists mailbox by mailbox; arrival order is its receive timestamp.
    ordered.sort(Comparator.comparing(Indexed::received).thenComparingInt(Indexed::index));
    List<CapturedMail> out = new ArrayList<>(ordered.size());
    for (int i = ordered.size() - 1; i >= 0; i--) {
      out.add(decode(i + 1, ordered.get(i)));
    }
    return out;
  }

  public Optional<CapturedMail> message(int id) {
    return messages().stream().filter(m -> m.id() == id).findFirst();
  }

  @Override
  public void close() {
    greenMail.stop();
  }

  private record Indexed(int index, MimeMessage message, Instant received) {}

  private static Instant receivedAt(MimeMessage m) {
    try {
      return m.getReceivedDate() == null ? Instant.EPOCH : m.getReceivedDate().toInstant();
    } catch (MessagingException e) {
      return Instant.EPOCH;
    }
  }

  /**
   * Decodes a saved message ({@code .eml} bytes) the way the outbox shows captured ones; the Date
   * header stands in for the time received.
   */
  public static CapturedMail decode(int id, byte[] raw) {
    try {
      MimeMessage m =
          new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
      Date sent = m.getSentDate();
      CapturedMail c =
          decode(id, new Indexed(id, m, sent == null ? Instant.EPOCH : sent.toInstant()));
      // Keep the bytes as saved, not as re-serialized.
      return new CapturedMail(
          c.id(), c.from(), c.to(), c.subject(), c.received(), c.text(), c.html(), raw);
    } catch (MessagingException e) {
      log.warn("dev_smtp_undecodable id={} error={}", id, e.toString());
      return new CapturedMail(id, "", "", "(undecodable message)", Instant.EPOCH, "", "", raw);
    }
  }

  private static CapturedMail decode(int id, Indexed in) {
    MimeMessage m = in.message();
    try {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      m.writeTo(raw);
      String[] parts = new String[2];
      collect(m, parts);
      return new CapturedMail(
          id,
          addresses(m.getFrom()),
          addresses(m.getRecipients(Message.RecipientType.TO)),
          m.getSubject() == null ? "" : m.getSubject(),
          in.received(),
          parts[0] == null ? "" : parts[0],
          parts[1] == null ? "" : parts[1],
          raw.toByteArray());
    } catch (MessagingException | IOException e) {
      log.warn("dev_smtp_undecodable id={} error={}", id, e.toString());
      return new CapturedMail(
          id, "", "", "(undecodable message)", in.received(), "", "", new byte[0]);
    }
  }

  /** Fills [text, html] with the first text/plain and text/html parts found. */
  private static void collect(Part part, String[] parts) throws MessagingException, IOException {
    if (part.isMimeType("multipart/*")) {
      Multipart mp = (Multipart) part.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart child = mp.getBodyPart(i);
        collect(child, parts);
      }
    } else if (part.isMimeType("text/plain") && parts[0] == null) {
      parts[0] = String.valueOf(part.getContent());
    } else if (part.isMimeType("text/html") && parts[1] == null) {
      parts[1] = String.valueOf(part.getContent());
    }
  }

  private static String addresses(jakarta.mail.Address[] list) {
    if (list == null) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (jakarta.mail.Address a : list) {
      out.add(
          a instanceof InternetAddress ? ((InternetAddress) a).toUnicodeString() : a.toString());
    }
    return String.join(", ", out);
  }
}
