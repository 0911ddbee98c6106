package dev.digest.app;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A part of the graph made on first use, once, whichever thread asks first. Short commands use a
 * few parts of {@link DigestApp}: `digest send` with nothing new never starts the mailer, the
 * template engine or the condenser, and `subscribers list` in dev mode never starts an SMTP server.
 */
final class Lazy<T> implements Supplier<T> {

  private final Supplier<T> make;
  private volatile T value;

  Lazy(Supplier<T> make) {
    this.make = Objects.requireNonNull(make, "make");
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = Objects.requireNonNull(make.get(), "a lazy part made null");
          value = v;
        }
      }
    }
    return v;
  }

  /** Whether {@link #get} has made the value. */
  boolean made() {
    return value != null;
  }
}
