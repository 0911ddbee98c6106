package dev.digest.web;

import dev.digest.config.DigestSettings;
import dev.digest.render.TemplateRenderer;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Renders the pages under {@code templates/web/} with the variables every page needs. */
final class Pages {

  private final DigestSettings digest;
  private final TemplateRenderer templates;
  private final boolean devOutbox;

  /** {@code devOutbox}: whether the dev outbox runs (the layout links to it). */
  Pages(DigestSettings digest, TemplateRenderer templates, boolean devOutbox) {
    this.digest = digest;
    this.templates = templates;
    this.devOutbox = devOutbox;
  }

  void render(Context ctx, int status, String template, Map<String, Object> vars) {
    Map<String, Object> all = new HashMap<>(vars);
    all.put("digestTitle", digest.title());
    all.put("lang", digest.language());
    all.put("devOutbox", devOutbox);
    String html = templates.render("web/" + template, all, digest.language());
    ctx.status(status).contentType("text/html; charset=utf-8").result(html);
  }

  /** A page with a heading and one paragraph (confirmations, errors). */
  void message(Context ctx, int status, String heading, String text) {
    Map<String, Object> vars = new java.util.HashMap<>();
    vars.put("heading", heading);
    vars.put("text", text);
    vars.put("link", null);
    render(ctx, status, "message.html", vars);
  }

  /** A message with one link under it (a path or URL of ours, never the request's text). */
  void message(Context ctx, int status, String heading, String text, String link, String linkText) {
    Map<String, Object> vars = new java.util.HashMap<>();
    vars.put("heading", heading);
    vars.put("text", text);
    vars.put("link", link);
    vars.put("linkText", linkText);
    render(ctx, status, "message.html", vars);
  }

  void stylesheet(Context ctx) throws IOException {
    byte[] css = templates.read("web/style.css");
    ctx.header("Cache-Control", "public, max-age=300");
    ctx.contentType("text/css; charset=utf-8").result(css);
  }
}
