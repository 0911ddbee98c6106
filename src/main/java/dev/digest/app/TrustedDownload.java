package dev.digest.app;

import dev.digest.http.FetchOutcome;
import dev.digest.http.HttpFetcher;
import dev.digest.http.Validators;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhooks' downloads (an SNS signing certificate, a subscription confirmation): a URL's body
 * when it answered 200 at a URL still {@code trusted} after redirects, empty otherwise. The fetcher
 * follows redirects and the receiver checked only the first URL, so the final one is checked here.
 * In app because feedback may not use http.
 */
final class TrustedDownload implements Function<String, Optional<byte[]>> {

  private static final Logger log = LoggerFactory.getLogger(TrustedDownload.class);

  private final HttpFetcher fetcher;
  private final Predicate<URI> trusted;

  TrustedDownload(HttpFetcher fetcher, Predicate<URI> trusted) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.trusted = Objects.requireNonNull(trusted, "trusted");
  }

  @Override
  public Optional<byte[]> apply(String url) {
    FetchOutcome o = fetcher.fetch(url, Validators.NONE, "*/*");
    if (o instanceof FetchOutcome.Body b
        && b.status() == 200
        && trusted.test(URI.create(b.finalUrl()))) {
      return Optional.of(b.body());
    }
    log.warn("webhook download failed url={} outcome={}", url, o);
    return Optional.empty();
  }
}
