package dev.digest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DirectDataTransportTest {

  final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

  {
    smtp.start();
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  /** A message whose bytes are written as they are. */
  static final class Raw extends SMTPMessage {
    private final byte[] raw;

    Raw(Session s, byte[] raw) {
      super(s);
      this.raw = raw;
      setEnvelopeFrom("brief@example.org");
    }

    @Override
    public void writeTo(OutputStream os, String[] ignore) throws java.io.IOException {
      os.write(raw);
    }
  }

  private DirectDataTransport transport(boolean direct) throws Exception {
    NoDelaySocketFactory sockets = new NoDelaySocketFactory();
    Properties p = new Properties();
    p.put("mail.smtp.socketFactory", sockets);
    p.setProperty("mail.smtp.socketFactory.fallback", "false");
    Session session = Session.getInstance(p);
    int port = smtp.getSmtp().getPort();
    DirectDataTransport t =
        new DirectDataTransport(
            session, new URLName("smtp", "127.0.0.1", port, null, null, null), sockets, direct);
    t.connect("127.0.0.1", port, null, null);
    return t;
  }

  private byte[] received(int i) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    smtp.getReceivedMessages()[i].writeTo(out);
    return out.toByteArray();
  }

  @Test
  void mimeBytesGoToTheSocketInOnePieceAndArriveUnchanged() throws Exception {
    MimeMessages mime = new MimeMessages("", null);
    DirectDataTransport t = transport(true);
    try {
      for (int n = 1; n <= 3; n++) {
        OutgoingMail mail = MailFixtures.mail("reader" + n + "@example.com", n);
        byte[] bytes = mime.toBytes(mail);
        t.sendReady(
            new Raw(Session.getInstance(new Properties()), bytes),
            new Address[] {new InternetAddress("reader" + n + "@example.com")},
            null);
        // GreenMail stores what came between DATA and "." (after undoing any dot-stuffing),
        // with its Return-Path and Received fields on top and without the last CRLF.
        String got = new String(received(n - 1), StandardCharsets.ISO_8859_1);
        String sent = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(got.substring(got.indexOf("From: ")))
            .isEqualTo(sent.substring(0, sent.length() - 2));
      }
      assertThat(t.directMessages()).isEqualTo(3);
    } finally {
      t.close();
    }
  }

  @Test
  void otherwiseAngusWritesAsUsual() throws Exception {
    DirectDataTransport t = transport(false);
    try {
      // Bare LFs and a leading dot: Angus' stream makes CRLFs and stuffs the dot.
      byte[] bytes =
          ("From: brief@example.org\nTo: r@example.com\nSubject: x\n\n.dot line\nend\n")
              .getBytes(StandardCharsets.US_ASCII);
      t.sendReady(
          new Raw(Session.getInstance(new Properties()), bytes),
          new Address[] {new InternetAddress("r@example.com")},
          null);
      MimeMessage m = smtp.getReceivedMessages()[0];
      assertThat(((String) m.getContent()).replace("\r\n", "\n").strip())
          .isEqualTo(".dot line\nend");
      assertThat(t.directMessages()).isZero();
      // An ordinary sendMessage never takes the shortcut either.
      t.sendMessage(
          new Raw(Session.getInstance(new Properties()), bytes),
          new Address[] {new InternetAddress("r@example.com")});
      assertThat(t.directMessages()).isZero();
    } finally {
      t.close();
    }
  }

  @Test
  void theMessageIsHandedOverOnlyAfterTheGateAndNotAtAllWhenItThrows() throws Exception {
    MimeMessages mime = new MimeMessages("", null);
    DirectDataTransport t = transport(true);
    int[] seenInGate = {-1};
    t.sendReady(
        new Raw(
            Session.getInstance(new Properties()),
            mime.toBytes(MailFixtures.mail("a@example.com", 1))),
        new Address[] {new InternetAddress("a@example.com")},
        () -> seenInGate[0] = smtp.getReceivedMessages().length);
    assertThat(seenInGate[0]).as("nothing accepted before the gate returned").isZero();
    assertThat(smtp.getReceivedMessages()).hasSize(1);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                t.sendReady(
                    new Raw(
                        Session.getInstance(new Properties()),
                        mime.toBytes(MailFixtures.mail("b@example.com", 2))),
                    new Address[] {new InternetAddress("b@example.com")},
                    () -> {
                      throw new IllegalStateException("database gone");
                    }))
        .isInstanceOf(jakarta.mail.MessagingException.class)
        .hasStackTraceContaining("database gone");
    assertThat(t.isConnected()).isFalse();
    DirectDataTransport next = transport(true);
    try {
      next.sendReady(
          new Raw(
              Session.getInstance(new Properties()),
              mime.toBytes(MailFixtures.mail("c@example.com", 3))),
          new Address[] {new InternetAddress("c@example.com")},
          null);
    } finally {
      next.close();
    }
    List<String> to = new java.util.ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      to.add(m.getAllRecipients()[0].toString());
    }
    assertThat(to)
        .as("b was abandoned without the final dot")
        .containsExactly("a@example.com", "c@example.com");
  }
}
