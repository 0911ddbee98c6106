package dev.digest.feedback.webhook;

import dev.digest.bounce.Feedback;
import dev.digest.config.WebhookSettings;
import dev.digest.feedback.FeedbackSink;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relays' webhooks, {@code POST /webhooks/{provider}/{secret}}, without the HTTP: checks the
 * secret and the provider's signature, reads the payload and hands each event to the one feedback
 * processor. A wrong secret, an unknown or unconfigured provider answer 404, as if there were no
 * such page; a bad signature 403, a malformed payload 400, each with one log line and no effect. A
 * post that verifies answers 200 once its events are stored, so a relay that got no answer posts
 * again and the repeat changes nothing (each event is stored once per edition, subscriber and
 * kind).
 */
public final class WebhookReceiver {

  private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

  /** What to answer. */
  public record Reply(int status, String body) {}

  private final WebhookSettings settings;
  private final FeedbackSink sink;
  private final Clock clock;
  private final Function<String, Optional<byte[]>> download;
  private final SesReader ses;
  private final MailgunReader mailgun;
  private final SendGridReader sendgrid = new SendGridReader();
  private final PostmarkReader postmark;
  private final Optional<SnsSignature> sns;
  private final Optional<MailgunSignature> mailgunSignature;
  private final Optional<SendGridSignature> sendgridSignature;
  private final Optional<PostmarkAuth> postmarkAuth;

  /**
   * @param download fetches a URL's body (SNS certificates, subscription confirmations), empty when
   *     that failed
   * @param trustedSnsUrl which URLs an SNS message may make us fetch ({@link SnsSignature#awsUrl})
   */
  public WebhookReceiver(
      WebhookSettings settings,
      String bounceAddress,
      FeedbackSink sink,
      Clock clock,
      Function<String, Optional<byte[]>> download,
      Predicate<URI> trustedSnsUrl) {
    this.settings = settings;
    this.sink = sink;
    this.clock = clock;
    this.download = download;
    this.ses = new SesReader(bounceAddress);
    this.mailgun = new MailgunReader(bounceAddress);
    this.postmark = new PostmarkReader(bounceAddress);
    this.sns =
        settings.sesTopicArn().isEmpty()
            ? Optional.empty()
            : Optional.of(new SnsSignature(settings.sesTopicArn(), trustedSnsUrl, download));
    this.mailgunSignature =
        settings.mailgunSigningKey().isEmpty()
            ? Optional.empty()
            : Optional.of(new MailgunSignature(settings.mailgunSigningKey()));
    this.sendgridSignature =
        settings.sendgridPublicKey().isEmpty()
            ? Optional.empty()
            : Optional.of(new SendGridSignature(settings.sendgridPublicKey()));
    this.postmarkAuth =
        settings.postmarkBasicAuth().isEmpty()
            ? Optional.empty()
            : Optional.of(new PostmarkAuth(settings.postmarkBasicAuth()));
  }

  /**
   * Handles one post.
   *
   * @param header a request header by name, null when absent
   */
  public Reply receive(
      String provider, String secret, Function<String, String> header, byte[] body) {
    if (!secretMatches(secret) || !offered(provider)) {
      return new Reply(404, "not found");
    }
    try {
      List<Feedback> events =
          switch (provider) {
            case "ses" -> ses(body);
            case "mailgun" -> mailgun(body);
            case "sendgrid" -> sendgrid(body, header);
            case "postmark" -> postmark(body, header);
            default -> throw new IllegalStateException(provider);
          };
      int changed = 0;
      for (Feedback f : events) {
        if (sink.acceptEvent(f).changed()) {
          changed++;
        }
      }
      return new Reply(200, "ok: " + events.size() + " events, " + changed + " changed");
    } catch (Refused r) {
      log.warn("webhook refused provider={} reason={}", provider, r.getMessage());
      return new Reply(403, "signature refused");
    } catch (MalformedPayloadException e) {
      log.warn("webhook malformed provider={} reason={}", provider, e.getMessage());
      return new Reply(400, "malformed payload");
    }
  }

  /** Constant time: a guessing client learns nothing from how long a wrong secret takes. */
  private boolean secretMatches(String secret) {
    return settings.enabled()
        && MessageDigest.isEqual(
            settings.secret().getBytes(StandardCharsets.UTF_8),
            String.valueOf(secret).getBytes(StandardCharsets.UTF_8));
  }

  /** SES needs its topic and Mailgun its key; SendGrid and Postmark may run on the secret alone. */
  private boolean offered(String provider) {
    return switch (String.valueOf(provider)) {
      case "ses" -> sns.isPresent();
      case "mailgun" -> mailgunSignature.isPresent();
      case "sendgrid", "postmark" -> true;
      default -> false;
    };
  }

  private List<Feedback> ses(byte[] body) throws MalformedPayloadException, Refused {
    SnsMessage m = SnsMessage.parse(body);
    refuseUnless(sns.get().check(m, clock.instant()));
    switch (m.type()) {
      case SnsMessage.SUBSCRIPTION_CONFIRMATION -> {
        confirm(m);
        return List.of();
      }
      case SnsMessage.UNSUBSCRIBE_CONFIRMATION -> {
        log.warn("webhook ses topic={} says this endpoint was unsubscribed from it", m.topicArn());
        return List.of();
      }
      default -> {
        return ses.read(m);
      }
    }
  }

  /** A subscription to the configured topic, signed by SNS: confirmed by fetching its URL. */
  private void confirm(SnsMessage m) throws Refused {
    if (!sns.get().trusted(m.subscribeUrl())) {
      throw new Refused("SNS SubscribeURL " + Json.oneLine(m.subscribeUrl()) + " is not SNS's");
    }
    if (download.apply(m.subscribeUrl()).isPresent()) {
      log.info("webhook ses subscription to topic={} confirmed", m.topicArn());
    } else {
      // SNS re-sends the request; answering 200 would make it believe we confirmed.
      throw new Refused(
          "SNS subscription to "
              + m.topicArn()
              + " could not be confirmed: the SubscribeURL did not answer");
    }
  }

  private List<Feedback> mailgun(byte[] body) throws MalformedPayloadException, Refused {
    MailgunReader.Post post = mailgun.read(body);
    refuseUnless(mailgunSignature.get().check(post, clock.instant()));
    return post.feedback();
  }

  private List<Feedback> sendgrid(byte[] body, Function<String, String> header)
      throws MalformedPayloadException, Refused {
    if (sendgridSignature.isPresent()) {
      refuseUnless(
          sendgridSignature
              .get()
              .check(
                  header.apply(SendGridSignature.SIGNATURE_HEADER),
                  header.apply(SendGridSignature.TIMESTAMP_HEADER),
                  body));
    }
    return sendgrid.read(body);
  }

  private List<Feedback> postmark(byte[] body, Function<String, String> header)
      throws MalformedPayloadException, Refused {
    if (postmarkAuth.isPresent()) {
      refuseUnless(postmarkAuth.get().check(header.apply("Authorization")));
    }
    return postmark.read(body);
  }

  private static void refuseUnless(String problem) throws Refused {
    if (!problem.isEmpty()) {
      throw new Refused(problem);
    }
  }

  /** A post that is not the provider's: a wrong signature, key, topic or certificate. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason, null, false, false);
    }
  }
}
