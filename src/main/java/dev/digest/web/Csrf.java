package dev.digest.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Double-submit CSRF protection: a random token in a SameSite=Strict, HttpOnly cookie must match
 * the hidden {@code csrf} field of every form POST.
 */
final class Csrf {

  static final String COOKIE = "digest_csrf";
  static final String FIELD = "csrf";
  private final SecureRandom random = new SecureRandom();
  private final boolean secure;

  Csrf() {
    this(false);
  }

  /** {@code secure}: the site is served over https, so the cookie never travels in clear text. */
  Csrf(boolean secure) {
    this.secure = secure;
  }

  /** The token for forms on this page, setting the cookie when the browser has none. */
  String token(Context ctx) {
    String existing = ctx.cookie(COOKIE);
    if (existing != null && existing.length() >= 20) {
      return existing;
    }
    byte[] b = new byte[24];
    random.nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    Cookie cookie = new Cookie(COOKIE, token);
    cookie.setHttpOnly(true);
    cookie.setSameSite(SameSite.STRICT);
    cookie.setPath("/");
    cookie.setSecure(secure);
    ctx.cookie(cookie);
    return token;
  }

  /** True when the form's token matches the cookie's. */
  boolean valid(Context ctx) {
    String cookie = ctx.cookie(COOKIE);
    String field = ctx.formParam(FIELD);
    return cookie != null
        && field != null
        && MessageDigest.isEqual(
            cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8));
  }
}
