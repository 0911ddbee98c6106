package dev.digest.web;

import dev.digest.feedback.webhook.WebhookReceiver;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /webhooks/{provider}/{secret}}: the relays' bounce and complaint webhooks (Amazon SES
 * through SNS, Mailgun, SendGrid, Postmark), handed to {@link WebhookReceiver}. Not behind the
 * admin guard (the relays post from the internet) but behind the secret in the path and each
 * provider's signature.
 */
final class WebhookPages {

  /**
   * A post's body at most: SendGrid batches events and SES notifications carry the original's
   * headers, both well under this; the site's forms are capped far lower.
   */
  static final int MAX_BODY = 1024 * 1024;

  private final WebhookReceiver receiver;

  WebhookPages(WebhookReceiver receiver) {
    this.receiver = receiver;
  }

  void routes(RoutesConfig routes) {
    routes.post("/webhooks/{provider}/{secret}", this::post);
  }

  private void post(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY) {
      ctx.status(413).result("payload too large");
      return;
    }
    byte[] body;
    // Read past Javalin's body cap (64 KB for forms) up to this route's own.
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      ctx.status(413).result("payload too large");
      return;
    }
    WebhookReceiver.Reply r =
        receiver.receive(ctx.pathParam("provider"), ctx.pathParam("secret"), ctx::header, body);
    ctx.status(r.status()).contentType("text/plain; charset=utf-8").result(r.body());
  }
}
