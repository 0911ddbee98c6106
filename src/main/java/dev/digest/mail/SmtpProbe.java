package dev.digest.mail;

import dev.digest.config.SmtpSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether an SMTP server answers, for /healthz: a TCP connection and its greeting, no mail. */
public final class SmtpProbe {

  private static final Logger log = LoggerFactory.getLogger(SmtpProbe.class);

  private SmtpProbe() {}

  /**
   * True when the server accepts a TCP connection and greets with a 220 reply (RFC 5321 section
   * 4.2) within {@code timeout}. Sends QUIT. With implicit TLS (RFC 8314) the greeting comes only
   * after a handshake, so connecting is enough.
   */
  public static boolean reachable(SmtpSettings smtp, Duration timeout) {
    int ms = (int) Math.max(1, timeout.toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(smtp.host(), smtp.port()), ms);
      socket.setSoTimeout(ms);
      if (smtp.security() == SmtpSettings.Security.TLS) {
        return true;
      }
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String greeting = in.readLine();
      socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return greeting != null && greeting.startsWith("220");
    } catch (IOException e) {
      log.warn("smtp unreachable host={} port={} error={}", smtp.host(), smtp.port(), e.toString());
      return false;
    }
  }
}
