package dev.digest.feedback;

import dev.digest.bounce.Feedback;
import dev.digest.bounce.FeedbackParser;
import dev.digest.config.BounceSettings;
import dev.digest.mail.StreamProviderPin;
import dev.digest.mail.VerpTokens;
import dev.digest.subscribe.SubscriberStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches what comes back after a send to the delivery it is about and applies it: the one {@link
 * FeedbackSink} behind the command, the mailbox poller, the dev SMTP server and the webhooks. A
 * hard bounce marks the subscriber {@code bounced} at once; soft bounces count, and {@code
 * mail.bounces.soft-limit} of them within {@code soft-window} mark {@code bounced}; a complaint
 * marks {@code complained}; a mail to the unsubscribe mailto unsubscribes. Auto-replies and
 * anything else change nothing.
 *
 * <p>The subscriber is named by the token of the address the message came back to (verified: a
 * forged or altered token changes nothing), or else by the Message-ID digest recorded for the
 * delivery; never by the Final-Recipient a report claims.
 */
public final class FeedbackProcessor implements FeedbackSink {

  private static final Logger log = LoggerFactory.getLogger(FeedbackProcessor.class);

  private static final List<SubscriberStatus> MAILED =
      List.of(SubscriberStatus.ACTIVE, SubscriberStatus.PENDING);

  private final FeedbackParser parser;
  private final VerpTokens tokens;
  private final FeedbackRepository events;
  private final BounceSettings settings;
  private final Clock clock;

  public FeedbackProcessor(
      FeedbackParser parser,
      VerpTokens tokens,
      FeedbackRepository events,
      BounceSettings settings,
      Clock clock) {
    StreamProviderPin.apply(); // reading a message makes many parts: skip the provider scan
    this.parser = Objects.requireNonNull(parser, "parser");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.events = Objects.requireNonNull(events, "events");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Outcome acceptMessage(byte[] rawMessage, String source) {
    FeedbackParser.Parse parse = parser.parse(rawMessage, source);
    if (parse instanceof FeedbackParser.Parse.Refused r) {
      return logged(new Outcome(false, "not read: " + r.reason()));
    }
    return acceptEvent(((FeedbackParser.Parse.Read) parse).feedback());
  }

  @Override
  public Outcome acceptEvent(Feedback f) {
    String what = describe(f);
    if (f.kind() == Feedback.Kind.AUTO_REPLY || f.kind() == Feedback.Kind.IGNORED) {
      return logged(new Outcome(false, what + ": nothing to do"));
    }
    Optional<FeedbackRepository.Target> target;
    if (f.token().isPresent()) {
      Optional<VerpTokens.Delivery> d = tokens.verify(f.token().get());
      if (d.isEmpty()) {
        return logged(new Outcome(false, what + ": token does not verify, ignored"));
      }
      if (f.kind() == Feedback.Kind.UNSUBSCRIBE
          && d.get().purpose() != VerpTokens.Purpose.UNSUBSCRIBE) {
        // A mail to the bounce address is not a request to leave.
        return logged(new Outcome(false, what + ": not sent to the unsubscribe address, ignored"));
      }
      target =
          Optional.of(new FeedbackRepository.Target(d.get().editionId(), d.get().subscriberId()));
    } else if (f.originalMessageId().isPresent() && f.kind() != Feedback.Kind.UNSUBSCRIBE) {
      target = events.byMessageId(f.originalMessageId().get());
      if (target.isEmpty()) {
        return logged(
            new Outcome(
                false,
                what
                    + ": Message-ID <"
                    + f.originalMessageId().get()
                    + "> was never sent by digest, ignored"));
      }
    } else {
      return logged(
          new Outcome(
              false, what + ": names no delivery (no token, no known Message-ID), ignored"));
    }
    FeedbackRepository.Target t = target.get();
    if (events.status(t.subscriberId()).isEmpty()) {
      return logged(
          new Outcome(
              false, what + ": subscriber " + t.subscriberId() + " does not exist, ignored"));
    }
    Instant now = clock.instant();
    FeedbackRepository.Applied applied =
        switch (f.kind()) {
          case HARD_BOUNCE ->
              events.apply(
                  t,
                  f,
                  now,
                  Optional.of(SubscriberStatus.BOUNCED),
                  MAILED,
                  now,
                  settings.softLimit());
          case SOFT_BOUNCE ->
              events.apply(
                  t,
                  f,
                  now,
                  Optional.empty(),
                  MAILED,
                  now.minus(settings.softWindow()),
                  settings.softLimit());
          // A complaint outranks an earlier unsubscribe or bounce: the address must never be
          // mailed again, and only a new double opt-in may change that.
          case COMPLAINT ->
              events.apply(
                  t,
                  f,
                  now,
                  Optional.of(SubscriberStatus.COMPLAINED),
                  List.of(
                      SubscriberStatus.ACTIVE,
                      SubscriberStatus.PENDING,
                      SubscriberStatus.UNSUBSCRIBED,
                      SubscriberStatus.BOUNCED),
                  now,
                  settings.softLimit());
          case UNSUBSCRIBE ->
              events.apply(
                  t,
                  f,
                  now,
                  Optional.of(SubscriberStatus.UNSUBSCRIBED),
                  MAILED,
                  now,
                  settings.softLimit());
          default -> throw new IllegalStateException("handled above: " + f.kind());
        };
    String who = "subscriber=" + t.subscriberId() + " edition=" + t.editionId();
    if (!applied.stored()) {
      return logged(new Outcome(false, what + " " + who + ": already applied"));
    }
    String result =
        applied
            .newStatus()
            .map(
                s ->
                    "now "
                        + s.label()
                        + (applied.suppressedRows() > 0
                            ? ", " + applied.suppressedRows() + " unsent rows suppressed"
                            : ""))
            .orElse(
                f.kind() == Feedback.Kind.SOFT_BOUNCE
                    ? "soft bounce "
                        + applied.softBounces()
                        + " of "
                        + settings.softLimit()
                        + " within "
                        + settings.softWindow().toDays()
                        + " days"
                    : "recorded, status unchanged");
    return logged(new Outcome(true, what + " " + who + ": " + result));
  }

  private static String describe(Feedback f) {
    String kind = f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    return kind + (f.statusCode().isEmpty() ? "" : " " + f.statusCode()) + " via " + f.source();
  }

  private static Outcome logged(Outcome o) {
    log.info("feedback changed={} {}", o.changed(), o.summary());
    return o;
  }
}
