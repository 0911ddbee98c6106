package dev.digest.config;

/**
 * The {@code web:} section.
 *
 * @param bind address to listen on (default 127.0.0.1)
 * @param adminToken bearer token for /admin; empty means admin is served to loopback clients only
 * @param secret HMAC secret for confirm/unsubscribe tokens; empty means generate one into the data
 *     directory on first use
 */
public record WebSettings(String bind, int port, String adminToken, String secret) {}
