package dev.digest.subscribe;

import java.util.Locale;

/** The life of a subscription. Only {@link #ACTIVE} subscribers receive editions. */
public enum SubscriberStatus {
  /** Signed up, confirmation mail sent, not confirmed yet. */
  PENDING,
  ACTIVE,
  UNSUBSCRIBED,
  /**
   * Mail to the address cannot be delivered: a hard bounce, soft bounces in a row, or three
   * permanent SMTP refusals during sends.
   */
  BOUNCED,
  /**
   * The reader reported a mail as spam (a feedback-loop complaint): never mailed again, until a new
   * double opt-in.
   */
  COMPLAINED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SubscriberStatus parse(String label) {
    return valueOf(label.trim().toUpperCase(Locale.ROOT));
  }
}
