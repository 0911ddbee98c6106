package dev.digest.subscribe;

import java.util.Optional;

/**
 * Double opt-in subscriptions: subscribe sends a confirmation mail, the signed confirm link
 * activates, the signed unsubscribe link deactivates. Tokens are HMAC-SHA256 and never reveal the
 * address. Thread-safe.
 */
public final class SubscriptionService {

  private SubscriptionService() {
    throw new UnsupportedOperationException("subscribe helper implements this");
  }

  /** The result a reader sees is the same whether or not the address was already known. */
  public SubscribeOutcome subscribe(String email) {
    throw new UnsupportedOperationException();
  }

  public Optional<Subscriber> confirm(String token) {
    throw new UnsupportedOperationException();
  }

  public Optional<Subscriber> unsubscribe(String token) {
    throw new UnsupportedOperationException();
  }

  /** The subscriber's personal unsubscribe URL (also used by List-Unsubscribe). */
  public String unsubscribeUrl(long subscriberId) {
    throw new UnsupportedOperationException();
  }
}
