package dev.digest.subscribe;

import dev.digest.config.DigestSettings;
import dev.digest.config.MailSettings;
import dev.digest.mail.MailException;
import dev.digest.mail.Mailer;
import dev.digest.mail.OutgoingMail;
import dev.digest.render.TemplateRenderer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Double opt-in subscriptions: subscribe sends a confirmation mail, the signed confirm link
 * activates, the signed unsubscribe link deactivates. Tokens are HMAC-SHA256 and never reveal the
 * address. Thread-safe.
 */
public final class SubscriptionService {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SubscriberRepository subscribers;
  private final TokenService tokens;
  private final Mailer mailer;
  private final TemplateRenderer templates;
  private final DigestSettings digest;
  private final MailSettings mail;
  private final Clock clock;
  private final java.util.function.LongConsumer onConfirmed;

  public SubscriptionService(
      SubscriberRepository subscribers,
      TokenService tokens,
      Mailer mailer,
      TemplateRenderer templates,
      DigestSettings digest,
      MailSettings mail,
      Clock clock) {
    this(subscribers, tokens, mailer, templates, digest, mail, clock, id -> {});
  }

  /**
   * As above; {@code onConfirmed} hears of each subscriber that became active by confirming (the
   * welcome mail), after the change is committed.
   */
  public SubscriptionService(
      SubscriberRepository subscribers,
      TokenService tokens,
      Mailer mailer,
      TemplateRenderer templates,
      DigestSettings digest,
      MailSettings mail,
      Clock clock,
      java.util.function.LongConsumer onConfirmed) {
    this.subscribers = Objects.requireNonNull(subscribers, "subscribers");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.mailer = Objects.requireNonNull(mailer, "mailer");
    this.templates = Objects.requireNonNull(templates, "templates");
    this.digest = Objects.requireNonNull(digest, "digest");
    this.mail = Objects.requireNonNull(mail, "mail");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onConfirmed = Objects.requireNonNull(onConfirmed, "onConfirmed");
  }

  /**
   * The result a reader sees is the same whether or not the address was already known, so the form
   * cannot be used to find out who subscribes. New, pending, unsubscribed or bounced addresses
   * become {@code pending} and get a confirmation mail; active ones get nothing.
   */
  public SubscribeOutcome subscribe(String email) {
    EmailAddress address;
    try {
      address = EmailAddress.parse(email);
    } catch (InvalidAddressException e) {
      return new SubscribeOutcome.Invalid(e.getMessage());
    }
    Subscriber s = subscribers.add(address.value(), SubscriberStatus.PENDING);
    if (s.status() == SubscriberStatus.ACTIVE) {
      log.info("subscribe ignored: already active subscriber_id={}", s.id());
      return new SubscribeOutcome.Accepted();
    }
    if (s.status() != SubscriberStatus.PENDING) {
      subscribers.setStatus(s.id(), SubscriberStatus.PENDING);
    }
    sendConfirmation(s.id(), s.email());
    return new SubscribeOutcome.Accepted();
  }

  /** Activates the subscriber named by a valid confirm token; empty when the token is not. */
  public Optional<Subscriber> confirm(String token) {
    TokenService.Check check = tokens.verify(token, TokenService.Purpose.CONFIRM);
    if (!(check instanceof TokenService.Check.Valid)) {
      return Optional.empty();
    }
    long id = ((TokenService.Check.Valid) check).subscriberId();
    Optional<Subscriber> s = subscribers.find(id);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    SubscriberStatus status = s.get().status();
    if (status == SubscriberStatus.ACTIVE) {
      return s;
    }
    if (status != SubscriberStatus.PENDING) {
      // Unsubscribed or bounced since the mail went out: an old confirm link must not undo that.
      return Optional.empty();
    }
    if (subscribers.setStatus(id, SubscriberStatus.ACTIVE)) {
      log.info("subscriber confirmed subscriber_id={}", id);
      onConfirmed.accept(id);
    }
    return subscribers.find(id);
  }

  /** Unsubscribes the subscriber named by a valid unsubscribe token; empty when it is not. */
  public Optional<Subscriber> unsubscribe(String token) {
    TokenService.Check check = tokens.verify(token, TokenService.Purpose.UNSUBSCRIBE);
    if (!(check instanceof TokenService.Check.Valid)) {
      return Optional.empty();
    }
    long id = ((TokenService.Check.Valid) check).subscriberId();
    Optional<Subscriber> s = subscribers.find(id);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    if (s.get().status() != SubscriberStatus.UNSUBSCRIBED) {
      subscribers.setStatus(id, SubscriberStatus.UNSUBSCRIBED);
      log.info("subscriber unsubscribed subscriber_id={}", id);
    }
    return subscribers.find(id);
  }

  /** The token checker, for pages that tell an expired link from a forged one. */
  public TokenService tokens() {
    return tokens;
  }

  /**
   * The subscriber's personal confirm URL (expires after {@link TokenService#CONFIRM_VALIDITY}).
   */
  public String confirmUrl(long subscriberId) {
    return digest.baseUrl() + "/confirm?token=" + encode(tokens.confirmToken(subscriberId));
  }

  /** The subscriber's personal unsubscribe URL (also used by List-Unsubscribe). */
  public String unsubscribeUrl(long subscriberId) {
    return digest.baseUrl() + "/unsubscribe?token=" + encode(tokens.unsubscribeToken(subscriberId));
  }

  /** Renders and sends the confirmation mail; a failure is logged, never shown to the reader. */
  public boolean sendConfirmation(long subscriberId, String email) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("title", digest.title());
    vars.put("confirmUrl", confirmUrl(subscriberId));
    vars.put("baseUrl", digest.baseUrl());
    vars.put("email", email);
    vars.put("validDays", TokenService.CONFIRM_VALIDITY.toDays());
    vars.put("postalAddress", digest.postalAddress() == null ? "" : digest.postalAddress());
    String html = templates.render("confirm.html", vars, digest.language());
    String text = templates.render("confirm.txt", vars, digest.language());
    String subject = "Please confirm your subscription to " + digest.title();
    Map<String, String> headers = new LinkedHashMap<>();
    // RFC 3834: generated in response to a request, so auto-responders should stay quiet.
    headers.put("Auto-Submitted", "auto-generated");
    if (mail.replyTo() != null && !mail.replyTo().isBlank()) {
      headers.put("Reply-To", mail.replyTo());
    }
    byte[] nonce = new byte[6];
    RANDOM.nextBytes(nonce);
    String messageId =
        "confirm."
            + subscriberId
            + "."
            + java.util.HexFormat.of().formatHex(nonce)
            + "@"
            + fromDomain(mail.from());
    try {
      mailer.send(
          new OutgoingMail(
              mail.from(), email, subject, text, html, messageId, clock.instant(), headers));
      log.info("confirmation sent subscriber_id={}", subscriberId);
      return true;
    } catch (MailException | RuntimeException e) {
      log.warn("confirmation mail failed subscriber_id={} error={}", subscriberId, e.toString());
      return false;
    }
  }

  /** The domain of a mailbox like {@code "Name <user@example.org>"}. */
  public static String fromDomain(String mailbox) {
    String s = mailbox.trim();
    int lt = s.lastIndexOf('<');
    if (lt >= 0) {
      int gt = s.indexOf('>', lt);
      s = s.substring(lt + 1, gt < 0 ? s.length() : gt);
    }
    int at = s.lastIndexOf('@');
    String domain = at >= 0 ? s.substring(at + 1).trim() : "localhost";
    return domain.isEmpty() ? "localhost" : domain.toLowerCase(Locale.ROOT);
  }

  private static String encode(String token) {
    return URLEncoder.encode(token, StandardCharsets.UTF_8);
  }
}
