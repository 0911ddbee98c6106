package dev.digest.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets with Nagle's algorithm off. Jakarta Mail writes a message's last line and the
 * terminating "." in small pieces; with Nagle on, each message then waits for the server's delayed
 * ACK (about 40 ms on Linux), which capped a pooled send near 25 messages/s per connection.
 * STARTTLS layers TLS over this socket, so it profits too.
 *
 * <p>An instance remembers the last socket it made, for {@link DirectDataTransport}: give each SMTP
 * connection its own session and factory.
 */
final class NoDelaySocketFactory extends SocketFactory {

  private volatile Socket last;

  private Socket noDelay(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    last = s;
    return s;
  }

  /** The socket made last, or null. */
  Socket last() {
    return last;
  }

  /** Drops the remembered socket (before a new connect). */
  void forget() {
    last = null;
  }

  @Override
  public Socket createSocket() throws IOException {
    return noDelay(new Socket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return noDelay(new Socket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress local, int localPort)
      throws IOException {
    return noDelay(new Socket(host, port, local, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(new Socket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
      throws IOException {
    return noDelay(new Socket(host, port, local, localPort));
  }
}
