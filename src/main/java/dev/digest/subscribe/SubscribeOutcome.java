package dev.digest.subscribe;

/** What a subscribe request came to. */
public sealed interface SubscribeOutcome {
  /** Accepted: a confirmation mail went out (or the address was already active/pending). */
  record Accepted() implements SubscribeOutcome {}

  /** The address is not usable; {@code reason} is safe to show. */
  record Invalid(String reason) implements SubscribeOutcome {}
}
