package dev.digest.web;

import dev.digest.app.DigestApp;
import dev.digest.edition.StoredEdition;
import dev.digest.render.PersonalLinks;
import dev.digest.render.RenderedDigest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Past editions: a list, and each edition as the web page of its mail. */
final class ArchivePages {

  private final DigestApp app;
  private final Pages pages;

  ArchivePages(DigestApp app, Pages pages) {
    this.app = app;
    this.pages = pages;
  }

  void routes(RoutesConfig r) {
    r.get("/archive", this::list);
    r.get("/archive/", this::list);
    r.get("/archive/{number}", this::show);
  }

  private void list(Context ctx) {
    List<StoredEdition> editions = app.editions().list(app.config().digest().id());
    pages.render(ctx, 200, "archive.html", Map.of("editions", editions));
  }

  private void show(Context ctx) {
    int number;
    try {
      number = Integer.parseInt(ctx.pathParam("number"));
    } catch (NumberFormatException e) {
      pages.message(ctx, 404, "Not found", "There is no such edition.");
      return;
    }
    Optional<StoredEdition> e =
        app.editions().list(app.config().digest().id()).stream()
            .filter(x -> x.edition().number() == number)
            .findFirst();
    if (e.isEmpty()) {
      pages.message(ctx, 404, "Not found", "There is no such edition.");
      return;
    }
    StoredEdition s = e.get();
    // The stored HTML has the personal-link placeholder: on the web it points to the generic page.
    String html =
        new RenderedDigest(s.subject(), "", s.html(), s.text())
            .personalize(new PersonalLinks(app.config().digest().baseUrl() + "/unsubscribe"))
            .html();
    // The mail HTML carries inline styles: allow them for this page only; still no script.
    ctx.header(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    ctx.contentType("text/html; charset=utf-8").result(html);
  }
}
