package dev.digest.web;

import dev.digest.app.DigestApp;
import io.javalin.Javalin;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web site: subscribe, confirm, unsubscribe (including RFC 8058 one-click), the archive, the
 * admin preview, the dev outbox and health. Pages are Thymeleaf templates under {@code
 * templates/web/}, read from disk on each request.
 */
public final class WebServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebServer.class);

  private final Javalin javalin;
  private final SubscriptionPages subscription;

  private WebServer(Javalin javalin, SubscriptionPages subscription) {
    this.javalin = javalin;
    this.subscription = subscription;
  }

  /**
   * Starts listening on {@code host:port} (port 0 = any free port).
   *
   * @param nextFire the schedule's next fire time, for the admin page
   */
  public static WebServer start(
      DigestApp app, String host, int port, Supplier<Optional<Instant>> nextFire) {
    Pages pages = new Pages(app);
    Csrf csrf = new Csrf(app.config().digest().baseUrl().startsWith("https://"));
    SubscriptionPages subscription = new SubscriptionPages(app, pages, csrf);
    ArchivePages archive = new ArchivePages(app, pages);
    AdminPages admin = new AdminPages(app, pages, csrf, nextFire);
    FeedPages feeds = new FeedPages(app, pages, csrf);
    DraftPages drafts = new DraftPages(app, pages, csrf);
    OutboxPages outbox = new OutboxPages(app, pages);
    OpsPages ops = new OpsPages(app);
    WebhookPages webhooks = new WebhookPages(app.webhookReceiver());
    Javalin j =
        Javalin.create(
            config -> {
              config.jetty.host = host;
              config.jetty.port = port;
              config.startup.showJavalinBanner = false;
              // Forms here are a few hundred bytes; refuse anything big before parsing it.
              config.http.maxRequestSize = 64 * 1024;
              config.routes.before(SecurityHeaders::apply);
              config.routes.get("/style.css", pages::stylesheet);
              subscription.routes(config.routes);
              archive.routes(config.routes);
              admin.routes(config.routes);
              // Under /admin/*: AdminPages' guard (registered just above) runs first.
              feeds.routes(config.routes);
              drafts.routes(config.routes);
              // The outbox holds everyone's confirm and unsubscribe links: same guard as admin.
              config.routes.before("/outbox", admin::guardPublic);
              config.routes.before("/outbox/*", admin::guardPublic);
              outbox.routes(config.routes);
              ops.routes(config.routes, admin);
              webhooks.routes(config.routes);
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    log.error("request failed path={} error={}", ctx.path(), e.toString(), e);
                    pages.message(
                        ctx,
                        500,
                        "Something went wrong",
                        "The server could not handle this request. Please try again later.");
                  });
              config.routes.error(
                  404,
                  "",
                  ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                      pages.message(ctx, 404, "Not found", "There is no page at this address.");
                    }
                  });
            });
    j.start();
    log.info("web site listening on http://{}:{}/", host, j.port());
    return new WebServer(j, subscription);
  }

  public int port() {
    return javalin.port();
  }

  @Override
  public void close() {
    javalin.stop();
    subscription.close();
  }
}
