package dev.digest.delivery;

import dev.digest.config.DigestSettings;
import dev.digest.config.MailSettings;
import dev.digest.mail.BodyTemplate;
import dev.digest.mail.MailBody;
import dev.digest.mail.OutgoingMail;
import dev.digest.mail.VerpTokens;
import dev.digest.render.DigestTemplate;
import dev.digest.render.PersonalLinks;
import dev.digest.subscribe.SubscriptionService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What makes a list mail of one delivery: the list headers (List-Id, List-Unsubscribe with its
 * one-click POST and its mailto, Reply-To) and, with VERP, the per-delivery envelope sender and
 * unsubscribe mailto. One place for the edition's messages, the test send and the welcome mail.
 */
final class MessageComposer {

  /**
   * An edition's template and its bodies as the mailer keeps them, made once per run: the lines
   * without the placeholder are encoded once and only the personal ones per message.
   */
  static final class Bodies {
    final DigestTemplate template;
    final BodyTemplate text;
    final BodyTemplate html;

    Bodies(DigestTemplate template) {
      this.template = template;
      this.text = BodyTemplate.of(template.text(), DigestTemplate.UNSUBSCRIBE_URL);
      this.html = BodyTemplate.of(template.html(), DigestTemplate.UNSUBSCRIBE_URL);
    }
  }

  /** Whom a message goes to, when it is a delivery: its tokens name (edition, subscriber). */
  record Recipient(long editionId, long subscriberId) {}

  private final DigestSettings digest;
  private final MailSettings mail;
  private final Clock clock;
  private final Optional<VerpTokens> verp;
  private final String fromDomain;

  MessageComposer(
      DigestSettings digest, MailSettings mail, Clock clock, Optional<VerpTokens> verp) {
    this.digest = Objects.requireNonNull(digest, "digest");
    this.mail = Objects.requireNonNull(mail, "mail");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.verp = Objects.requireNonNull(verp, "verp");
    this.fromDomain = SubscriptionService.fromDomain(mail.from());
  }

  /** The domain of the From address (Message-IDs are made in it). */
  String fromDomain() {
    return fromDomain;
  }

  /** An edition's message to one address; {@code to} empty for mail outside the audience. */
  OutgoingMail compose(
      Bodies bodies, PersonalLinks links, String email, String messageId, Optional<Recipient> to) {
    // The reader's values come from the one fill; the mailer puts them into the encoded lines,
    // which gives the bytes of encoding filled.text() and filled.html() in full.
    DigestTemplate.Filled filled = bodies.template.fill(links);
    return new OutgoingMail(
        mail.from(),
        email,
        filled.subject(),
        new MailBody(bodies.text, filled.textValue()),
        new MailBody(bodies.html, filled.htmlValue()),
        messageId,
        clock.instant(),
        headers(links.unsubscribeUrl(), messageId, to),
        envelopeFrom(to));
  }

  /** The list headers and, with relay webhooks on, the relay metadata of one message. */
  Map<String, String> headers(String unsubscribeUrl, String messageId, Optional<Recipient> to) {
    return withRelayMetadata(listHeaders(unsubscribeUrl, to), messageId, to);
  }

  /**
   * With relay webhooks on, Postmark's {@code X-PM-Metadata-*} headers too: Postmark rewrites the
   * envelope sender and reports its own message id, so its webhooks name the delivery only by the
   * metadata they carry back. Other relays ignore X- headers.
   */
  private Map<String, String> withRelayMetadata(
      Map<String, String> headers, String messageId, Optional<Recipient> to) {
    if (to.isPresent() && verp.isPresent() && mail.bounces().webhooks().enabled()) {
      headers.put(
          "X-PM-Metadata-digest-token",
          verp.get()
              .token(VerpTokens.Purpose.BOUNCE, to.get().editionId(), to.get().subscriberId()));
      headers.put("X-PM-Metadata-digest-message-id", messageId);
    }
    return headers;
  }

  /** List-Id, List-Unsubscribe (+ one-click POST) and Reply-To, in that order. */
  Map<String, String> listHeaders(String unsubscribeUrl, Optional<Recipient> to) {
    Map<String, String> headers = new LinkedHashMap<>();
    String mailto =
        to.isPresent() && verp.isPresent()
            ? verp.get()
                .address(
                    unsubscribeMailto(),
                    VerpTokens.Purpose.UNSUBSCRIBE,
                    to.get().editionId(),
                    to.get().subscriberId())
            : unsubscribeMailto();
    // RFC 2919: a stable list identifier lets readers filter and providers track reputation.
    headers.put("List-Id", "<" + listId() + "." + fromDomain + ">");
    // RFC 2369 + RFC 8058: an https link for one-click POST and a mailto fallback.
    headers.put(
        "List-Unsubscribe",
        "<" + unsubscribeUrl + ">, <mailto:" + mailto + "?subject=unsubscribe>");
    headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    if (mail.replyTo() != null && !mail.replyTo().isBlank()) {
      headers.put("Reply-To", mail.replyTo());
    }
    return headers;
  }

  /** The VERP envelope sender of a delivery; empty (the From address) otherwise. */
  String envelopeFrom(Optional<Recipient> to) {
    return to.isPresent() && verp.isPresent()
        ? verp.get()
            .address(
                mail.bounces().address(),
                VerpTokens.Purpose.BOUNCE,
                to.get().editionId(),
                to.get().subscriberId())
        : "";
  }

  private String listId() {
    String id = digest.id().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    return id.isEmpty() ? "digest" : id;
  }

  private String unsubscribeMailto() {
    String m = mail.unsubscribeMailto();
    if (m == null || m.isBlank()) {
      m = mail.from();
    }
    int lt = m.lastIndexOf('<');
    if (lt >= 0) {
      int gt = m.indexOf('>', lt);
      m = m.substring(lt + 1, gt < 0 ? m.length() : gt);
    }
    return m.trim();
  }
}
