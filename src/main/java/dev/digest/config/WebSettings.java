package dev.digest.config;

import java.util.List;

/**
 * The {@code web:} section.
 *
 * @param bind address to listen on (default 127.0.0.1)
 * @param adminToken bearer token for /admin; empty means admin is served to loopback clients only
 * @param secret HMAC secret for confirm/unsubscribe tokens; empty means generate one into the
 *     database on first use (shared by every node on it)
 * @param trustedProxies reverse proxies whose X-Forwarded-For names the real client (for the
 *     per-address limits); empty means the connecting address is the client
 */
public record WebSettings(
    String bind, int port, String adminToken, String secret, List<AddressRange> trustedProxies) {

  public WebSettings {
    trustedProxies = List.copyOf(trustedProxies);
  }

  /** The admin token and the link secret are secrets: never printed or logged. */
  @Override
  public String toString() {
    return "WebSettings[bind="
        + bind
        + ", port="
        + port
        + ", adminToken="
        + Secrets.mask(adminToken)
        + ", secret="
        + Secrets.mask(secret)
        + ", trustedProxies="
        + trustedProxies
        + "]";
  }

  /** Settings without trusted proxies. */
  public WebSettings(String bind, int port, String adminToken, String secret) {
    this(bind, port, adminToken, secret, List.of());
  }
}
