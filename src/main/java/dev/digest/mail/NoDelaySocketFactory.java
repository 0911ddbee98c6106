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
 */
final class NoDelaySocketFactory extends SocketFactory {

  private static Socket noDelay(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    return s;
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
