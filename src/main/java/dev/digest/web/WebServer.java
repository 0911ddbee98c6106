package dev.digest.web;

import dev.digest.app.DevOutbox;
import dev.digest.app.DigestApp;
import dev.digest.config.DigestConfig;
import dev.digest.config.DigestSettings;
import io.javalin.Javalin;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web site: subscribe, confirm, unsubscribe (including RFC 8058 one-click), the archive, the
 * admin preview, the dev outbox and health. Pages are Thymeleaf templates under {@code
 * templates/web/}, read from disk on each request. {@link #start} is the one place that takes the
 * pages' parts out of {@link DigestApp}: each page class is handed exactly what it uses.
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
    DigestConfig opened = app.config();
    DigestSettings digest = opened.digest();
    Optional<DevOutbox> devOutbox = app.devOutbox();
    Pages pages = new Pages(digest, app.templates(), devOutbox.isPresent());
    Csrf csrf = new Csrf(digest.baseUrl().startsWith("https://"));
    SubscriptionPages subscription =
        new SubscriptionPages(
            new SubscriptionPages.Sources(
                digest,
                app.liveConfig(),
                opened.web().trustedProxies(),
                app.editions(),
                app.subscribers(),
                app.subscriptions(),
                app.tokens(),
                app.clock()),
            pages,
            csrf);
    ArchivePages archive = new ArchivePages(app.editions(), digest, pages);
    AdminPages admin =
        new AdminPages(
            new AdminPages.Sources(
                digest,
                opened.web().adminToken(),
                app.run(),
                app.drafts(),
                app.editions(),
                app.subscribers(),
                app.deliveryView(),
                app.feedHealth(),
                app.feedbackEvents(),
                app.liveConfig()::report),
            pages,
            csrf,
            nextFire);
    FeedPages feeds =
        new FeedPages(
            opened.baseDir(), app.liveConfig(), app.feedHealth(), app.clock(), pages, csrf);
    DraftPages drafts =
        new DraftPages(
            new DraftPages.Sources(
                digest,
                app.drafts(),
                app.run(),
                app.deliveryView(),
                app.subscribers(),
                app.clock()),
            pages,
            csrf);
    OutboxPages outbox = new OutboxPages(devOutbox, pages);
    OpsPages ops =
        new OpsPages(
            new OpsPages.Sources(
                digest,
                app.databaseProbe(),
                app.mailSettings().smtp(),
                app.feedHealth(),
                app.editions(),
                app.deliveryView(),
                app.feedbackEvents(),
                app.subscribers()));
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
