package dev.digest.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny scripted SMTP server for failure tests: RCPT to an address starting with "reject" gets
 * 550, "later" gets 451; a message to "spam..." is refused with 554 after DATA; everything else is
 * accepted and counted.
 */
final class FakeSmtpServer implements AutoCloseable {

  final AtomicInteger accepted = new AtomicInteger();
  final AtomicInteger connections = new AtomicInteger();
  private final ServerSocket socket;
  private final java.util.List<Socket> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Thread acceptor;

  FakeSmtpServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "fake-smtp");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        connections.incrementAndGet();
        sessions.add(s);
        Thread t = new Thread(() -> session(s), "fake-smtp-session");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void session(Socket s) {
    try (s) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = s.getOutputStream();
      reply(out, "220 fake ESMTP");
      String line;
      boolean rcptOk = false;
      boolean spam = false;
      while ((line = in.readLine()) != null) {
        String cmd = line.toUpperCase();
        if (cmd.startsWith("EHLO")) {
          reply(out, "250-fake\r\n250 8BITMIME");
        } else if (cmd.startsWith("HELO")
            || cmd.startsWith("MAIL")
            || cmd.startsWith("RSET")
            || cmd.startsWith("NOOP")) {
          rcptOk = cmd.startsWith("MAIL") ? false : rcptOk;
          reply(out, "250 OK");
        } else if (cmd.startsWith("RCPT")) {
          if (cmd.contains("<REJECT")) {
            reply(
                out,
                "550 5.1.1 <"
                    + line.substring(line.indexOf('<') + 1, line.indexOf('>'))
                    + ">: Recipient address rejected: User unknown");
          } else if (cmd.contains("<LATER")) {
            reply(out, "451 4.3.0 Temporary lookup failure, try again later");
          } else {
            rcptOk = true;
            spam = cmd.contains("<SPAM");
            reply(out, "250 OK");
          }
        } else if (cmd.startsWith("DATA")) {
          if (!rcptOk) {
            reply(out, "503 5.5.1 No valid recipients");
            continue;
          }
          reply(out, "354 go ahead");
          while ((line = in.readLine()) != null && !line.equals(".")) {
            // swallow the message
          }
          if (spam) {
            reply(out, "554 5.7.1 Message rejected as spam");
            continue;
          }
          accepted.incrementAndGet();
          reply(out, "250 2.0.0 queued");
        } else if (cmd.startsWith("QUIT")) {
          reply(out, "221 bye");
          return;
        } else {
          reply(out, "502 5.5.2 unknown command");
        }
      }
    } catch (IOException e) {
      // client went away
    }
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Drops every open session, as a server restart or an idle timeout would. */
  void dropSessions() throws IOException {
    for (Socket s : sessions) {
      s.close();
    }
    sessions.clear();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
