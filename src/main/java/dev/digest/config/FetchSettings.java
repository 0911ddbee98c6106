package dev.digest.config;

import java.time.Duration;

/**
 * The {@code fetch:} section: how feeds and article pages are fetched.
 *
 * @param concurrency feeds fetched at once
 * @param perHost feeds fetched at once from one host
 * @param maxBytes body cap, also applied after decompression
 */
public record FetchSettings(
    int concurrency,
    int perHost,
    Duration connectTimeout,
    Duration readTimeout,
    long maxBytes,
    String userAgent) {}
