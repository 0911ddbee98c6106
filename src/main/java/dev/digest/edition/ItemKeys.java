package dev.digest.edition;

import dev.digest.feed.Article;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The identity of an article across feeds and editions: its normalized link, else its guid.
 * Normalizing drops what differs between two links to the same page (scheme/host case, fragment,
 * tracking parameters, a trailing slash), so the same article from two feeds gets one key.
 */
public final class ItemKeys {

  private ItemKeys() {}

  /** The key recorded in {@code seen_item}: normalized link, else {@code guid:<guid>}. */
  public static String of(Article article) {
    String link = article.link().trim();
    if (!link.isEmpty()) {
      String normalized = normalizeUrl(link);
      if (normalized != null) {
        return normalized;
      }
    }
    if (!article.guid().isBlank()) {
      return "guid:" + article.guid().trim();
    }
    // Neither a usable link nor a guid: the feed and the title are all that identify it.
    return "title:" + article.feedUrl() + "#" + article.title().trim();
  }

  /** The normalized absolute http(s) URL, or null when {@code url} is not one. */
  static String normalizeUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return null;
    }
    if (!uri.isAbsolute() || uri.getRawAuthority() == null) {
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return null;
    }
    String authority = uri.getRawAuthority();
    int at = authority.lastIndexOf('@');
    String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
    String hostPort = authority.substring(at + 1).toLowerCase(Locale.ROOT);
    // The default port names the same resource (RFC 3986 section 6.2.3).
    if (scheme.equals("http") && hostPort.endsWith(":80")) {
      hostPort = hostPort.substring(0, hostPort.length() - 3);
    } else if (scheme.equals("https") && hostPort.endsWith(":443")) {
      hostPort = hostPort.substring(0, hostPort.length() - 4);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    StringBuilder out = new StringBuilder(scheme).append("://").append(userInfo).append(hostPort);
    out.append(path);
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      StringJoiner kept = new StringJoiner("&");
      for (String param : query.split("&")) {
        if (param.isEmpty() || isTracking(param)) {
          continue;
        }
        kept.add(param);
      }
      if (kept.length() > 0) {
        out.append('?').append(kept);
      }
    }
    // The fragment never reaches the server: dropped.
    return out.toString();
  }

  private static boolean isTracking(String param) {
    int eq = param.indexOf('=');
    String name = (eq >= 0 ? param.substring(0, eq) : param).toLowerCase(Locale.ROOT);
    return name.startsWith("utm_") || name.equals("fbclid") || name.equals("gclid");
  }
}
