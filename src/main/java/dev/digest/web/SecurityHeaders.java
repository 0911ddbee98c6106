package dev.digest.web;

import io.javalin.http.Context;

/** Headers every response carries: no script at all, no framing, no sniffing, no referrer. */
final class SecurityHeaders {

  static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'";

  static void apply(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  private SecurityHeaders() {}
}
