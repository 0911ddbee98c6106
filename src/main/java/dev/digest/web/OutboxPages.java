package dev.digest.web;

import dev.digest.app.DevOutbox;
import dev.digest.mail.CapturedMail;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/** The dev outbox: every mail the embedded SMTP server took. Only when no SMTP host is set. */
final class OutboxPages {

  private final Optional<DevOutbox> devOutbox;
  private final Pages pages;

  /** {@code devOutbox}: empty with an SMTP host, and then there are no outbox pages. */
  OutboxPages(Optional<DevOutbox> devOutbox, Pages pages) {
    this.devOutbox = devOutbox;
    this.pages = pages;
  }

  void routes(RoutesConfig r) {
    if (devOutbox.isEmpty()) {
      return;
    }
    DevOutbox outbox = devOutbox.get();
    r.get("/outbox", ctx -> pages.render(ctx, 200, "outbox.html", Map.of("mails", outbox.list())));
    r.get(
        "/outbox/{id}",
        ctx ->
            withMail(
                ctx, outbox, m -> pages.render(ctx, 200, "outbox-mail.html", Map.of("mail", m))));
    r.get(
        "/outbox/{id}/html",
        ctx ->
            withMail(
                ctx,
                outbox,
                m -> {
                  // Shown inside the outbox page's iframe: sandboxed, no script, inline mail styles
                  // allowed.
                  ctx.header(
                      "Content-Security-Policy",
                      "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'");
                  ctx.header("X-Frame-Options", "SAMEORIGIN");
                  ctx.contentType("text/html; charset=utf-8").result(m.html());
                }));
    r.get(
        "/outbox/{id}/eml",
        ctx ->
            withMail(
                ctx,
                outbox,
                m -> {
                  ctx.header(
                      "Content-Disposition", "attachment; filename=\"mail-" + m.id() + ".eml\"");
                  ctx.contentType("message/rfc822").result(m.raw());
                }));
  }

  private void withMail(
      Context ctx, DevOutbox outbox, java.util.function.Consumer<CapturedMail> show) {
    Optional<CapturedMail> m;
    try {
      m = outbox.find(Integer.parseInt(ctx.pathParam("id")));
    } catch (NumberFormatException e) {
      m = Optional.empty();
    }
    if (m.isEmpty()) {
      pages.message(ctx, 404, "Not found", "No such mail in the outbox.");
      return;
    }
    show.accept(m.get());
  }
}
