package dev.digest.web;

import dev.digest.app.DigestApp;
import dev.digest.app.DigestRun;
import dev.digest.render.PersonalLinks;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The operator's pages under {@code /admin}: the next edition rendered live from templates/, the
 * subscriber counts and the next fire time. Open to loopback clients only unless an admin token is
 * configured, which is then required as {@code Authorization: Bearer TOKEN}.
 */
final class AdminPages {

  private final DigestApp app;
  private final Pages pages;
  private final Supplier<Optional<Instant>> nextFire;

  AdminPages(DigestApp app, Pages pages, Csrf csrf, Supplier<Optional<Instant>> nextFire) {
    this.app = app;
    this.pages = pages;
    this.nextFire = nextFire;
  }

  void routes(RoutesConfig r) {
    r.before("/admin*", this::guard);
    r.get("/admin", this::dashboard);
    r.get("/admin/preview", this::preview);
  }

  private void guard(Context ctx) {
    String token = app.config().web().adminToken();
    boolean allowed;
    if (token.isEmpty()) {
      allowed = isLoopback(ctx.ip());
    } else {
      String auth = Optional.ofNullable(ctx.header("Authorization")).orElse("");
      allowed =
          MessageDigest.isEqual(
              auth.getBytes(StandardCharsets.UTF_8),
              ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
    }
    if (!allowed) {
      pages.message(ctx, 403, "Forbidden", "The admin pages need the admin token (or a connection from this machine).");
      ctx.skipRemainingHandlers();
    }
  }

  private static boolean isLoopback(String ip) {
    try {
      return InetAddress.getByName(ip).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private void dashboard(Context ctx) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("counts", app.subscribers().countByStatus());
    vars.put("nextFire", nextFire.get().map(Instant::toString).orElse("not scheduled"));
    vars.put("editions", app.editions().list(app.config().digest().id()));
    pages.render(ctx, 200, "admin.html", vars);
  }

  private void preview(Context ctx) {
    DigestRun.Draft draft = app.run().draft();
    String html =
        draft.rendered()
            .personalize(new PersonalLinks(app.config().digest().baseUrl() + "/unsubscribe"))
            .html();
    ctx.header(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    ctx.contentType("text/html; charset=utf-8").result(html);
  }
}
