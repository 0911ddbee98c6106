package dev.digest.config;

import java.time.Duration;

/** How to reach the SMTP server. An empty host means "use the embedded dev server". */
public record SmtpSettings(
    String host,
    int port,
    String username,
    String password,
    Security security,
    Duration connectTimeout,
    Duration timeout) {

  /** Transport security of the SMTP connection. */
  public enum Security {
    /** Plain SMTP (only sensible on loopback or a trusted network). */
    NONE,
    /** Upgrade with STARTTLS (required, not opportunistic). */
    STARTTLS,
    /** Implicit TLS from the first byte (port 465). */
    TLS
  }

  public boolean hasCredentials() {
    return !username.isBlank();
  }

  /** The password is a secret: never printed or logged with the settings. */
  @Override
  public String toString() {
    return "SmtpSettings[host="
        + host
        + ", port="
        + port
        + ", username="
        + username
        + ", password="
        + Secrets.mask(password)
        + ", security="
        + security
        + ", connectTimeout="
        + connectTimeout
        + ", timeout="
        + timeout
        + "]";
  }
}
