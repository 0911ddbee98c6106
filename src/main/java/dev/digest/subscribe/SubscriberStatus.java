package dev.digest.subscribe;

import java.util.Locale;

/** The life of a subscription. Only {@link #ACTIVE} subscribers receive editions. */
public enum SubscriberStatus {
  /** Signed up, confirmation mail sent, not confirmed yet. */
  PENDING,
  ACTIVE,
  UNSUBSCRIBED,
  /** Three consecutive permanent delivery failures. */
  BOUNCED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SubscriberStatus parse(String label) {
    return valueOf(label.trim().toUpperCase(Locale.ROOT));
  }
}
