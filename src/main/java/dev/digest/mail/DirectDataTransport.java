package dev.digest.mail;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus' SMTP transport with one shortcut: the DATA of a message built by {@link MimeMessages} goes
 * to the socket in one write. Angus writes DATA through its {@code SMTPOutputStream}, which looks
 * at every byte to turn bare line ends into CRLF and to double a dot at a line start, and hands its
 * buffer one line at a time; for a 100 KB edition that was the largest item in a delivery profile.
 * {@link MimeMessages#toBytes} output needs neither (CRLF only, no line starts with "."), so {@link
 * #sendReady} skips both. Angus still sends every command (MAIL, RCPT, DATA, the final "."), reads
 * every reply and maps failures, and the DATA stream it opened stays unused and at a line start, so
 * its {@code finishData} adds nothing before the ".".
 *
 * <p>Only on plain connections whose socket {@link NoDelaySocketFactory} made: with TLS the bytes
 * must go through the TLS socket, so {@code direct} is false there and Angus writes as usual. The
 * direct write bypasses Angus' protocol trace ({@code mail.debug}) for the message content.
 */
final class DirectDataTransport extends SMTPTransport {

  private final NoDelaySocketFactory sockets;
  private final boolean direct;
  private boolean ready;
  private Runnable beforeHandOff;
  // Collects a message's pieces into socket writes of up to 64 KB; one per connection.
  private BufferedOutputStream buffer;
  private Socket directSocket;
  private int directMessages;
  private boolean endUnconfirmed;

  /**
   * @param sockets the factory of this transport's session only (it remembers the socket it made)
   * @param direct true for plain connections, where the factory's socket is the one Angus talks on
   */
  DirectDataTransport(Session session, URLName url, NoDelaySocketFactory sockets, boolean direct) {
    super(session, url);
    this.sockets = sockets;
    this.direct = direct;
  }

  /**
   * Sends a message whose bytes are SMTP-ready ({@link MimeMessages#toBytes}). {@code
   * beforeHandOff} (may be null) runs after the content is written and before the "." that ends
   * DATA: until then the server has not taken the message. If it throws, the connection is dropped
   * without the ".", so the server discards the message, and sending fails.
   */
  synchronized void sendReady(Message message, Address[] to, Runnable beforeHandOff)
      throws MessagingException {
    ready = true;
    endUnconfirmed = false;
    this.beforeHandOff = beforeHandOff;
    try {
      sendMessage(message, to);
    } finally {
      ready = false;
      this.beforeHandOff = null;
    }
  }

  @Override
  protected void finishData() throws IOException, MessagingException {
    if (buffer != null) {
      buffer.flush(); // the content is on the wire before any wait at the gate
    }
    Runnable gate = beforeHandOff;
    if (gate != null) {
      try {
        gate.run();
      } catch (RuntimeException | Error e) {
        // An IOException makes Angus close the socket without a QUIT (which would be data now).
        throw new IOException("message not handed over: " + e, e);
      }
    }
    try {
      super.finishData(); // the "." and the server's reply to it
    } catch (IOException | MessagingException e) {
      // The whole message and (as far as this side knows) its end went out, and no 250 came
      // back: the server may have taken it (RFC 1047). Callers say so in the failure.
      endUnconfirmed = true;
      throw e;
    }
  }

  /**
   * Whether the last {@link #sendReady} failed after the message's end was written, waiting for the
   * server's reply: the server may have delivered it.
   */
  synchronized boolean endUnconfirmed() {
    return endUnconfirmed;
  }

  /** Messages whose DATA went to the socket directly (for tests). */
  synchronized int directMessages() {
    return directMessages;
  }

  @Override
  protected synchronized boolean protocolConnect(
      String host, int port, String user, String password) throws MessagingException {
    sockets.forget(); // only a socket made for this connect counts
    return super.protocolConnect(host, port, user, password);
  }

  @Override
  protected OutputStream data() throws MessagingException {
    OutputStream angus = super.data(); // DATA, and Angus checks the 354
    Socket socket = sockets.last();
    if (!ready || !direct || socket == null || socket.isClosed()) {
      return angus;
    }
    try {
      // Angus flushed its buffer with the DATA command: nothing of its own is pending.
      if (directSocket != socket) {
        buffer = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        directSocket = socket;
      }
      directMessages++;
      return new FilterOutputStream(buffer) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void flush() {
          // finishData flushes, once
        }

        @Override
        public void close() {
          // the socket belongs to the transport
        }
      };
    } catch (IOException e) {
      return angus;
    }
  }
}
