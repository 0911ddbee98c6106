package dev.digest.config;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/** Checks and normalizations of single values that need more than a type: URLs, mailboxes, cron. */
final class ValueChecks {

  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private ValueChecks() {}

  /** An absolute http(s) URL with a host, without trailing slashes, query or fragment. */
  static String baseUrl(Section s, Section.Value v) throws ConfigException {
    URI uri = httpUrl(s, v);
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw s.invalid(v, "must not have a query or fragment, got '" + v.text().trim() + "'");
    }
    String url = v.text().trim();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }

  /** An absolute http:// or https:// URL with a host. */
  static URI httpUrl(Section s, Section.Value v) throws ConfigException {
    String text = v.text().trim();
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw s.invalid(v, "not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw s.invalid(v, "must be an http:// or https:// URL, got '" + text + "'");
    }
    return uri;
  }

  /**
   * A feed's URL: http(s) as written; {@code file:} or a plain path (relative paths resolved
   * against {@code baseDir}) as an absolute {@code file:} URL.
   */
  static String feedUrl(Section s, Section.Value v, Path baseDir) throws ConfigException {
    String text = v.text().trim();
    // Two or more letters before ':' make a scheme; "C:\feeds" stays a Windows path.
    Matcher m = SCHEME.matcher(text);
    if (m.find()) {
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      if (scheme.equals("http") || scheme.equals("https")) {
        return httpUrl(s, v).toString();
      }
      if (!scheme.equals("file")) {
        throw s.invalid(
            v,
            "unsupported URL scheme '"
                + m.group(1)
                + "' (use http://, https://, file: or a path), got '"
                + text
                + "'");
      }
      String rest = text.substring(m.end());
      if (rest.startsWith("//")) {
        try {
          return Path.of(new URI(text)).normalize().toUri().toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
          throw s.invalid(v, "not a valid file: URL: " + e.getMessage());
        }
      }
      text = rest; // file:feeds/local.xml or file:/abs/local.xml: a path after all
    }
    try {
      return baseDir.resolve(text).normalize().toUri().toString();
    } catch (InvalidPathException e) {
      throw s.invalid(v, "not a valid URL or path: " + e.getMessage());
    }
  }

  /** A key under which two URLs count as the same feed (scheme and host are case-insensitive). */
  static String sameFeedKey(String url) {
    try {
      URI u = new URI(url);
      if (u.getHost() == null) {
        return url;
      }
      String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
      return u.getScheme().toLowerCase(Locale.ROOT)
          + "://"
          + u.getHost().toLowerCase(Locale.ROOT)
          + (u.getPort() < 0 ? "" : ":" + u.getPort())
          + path
          + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    } catch (URISyntaxException e) {
      return url;
    }
  }

  /** One RFC 5322 mailbox ({@code Name <addr@domain>} or {@code addr@domain}), parsed strictly. */
  static InternetAddress mailbox(Section s, Section.Value v) throws ConfigException {
    String text = v.text().trim();
    try {
      InternetAddress address = new InternetAddress(text, true);
      if (address.isGroup()
          || address.getAddress() == null
          || address.getAddress().indexOf('@') < 1) {
        throw new AddressException("expected one address like name@example.org");
      }
      return address;
    } catch (AddressException e) {
      throw s.invalid(v, "not a valid e-mail address '" + text + "': " + e.getMessage());
    }
  }

  /** A bare address (no display name); a leading {@code mailto:} is dropped. */
  static String bareAddress(Section s, Section.Value v) throws ConfigException {
    String text = v.text().trim();
    if (text.regionMatches(true, 0, "mailto:", 0, 7)) {
      text = text.substring(7);
    }
    InternetAddress a = mailbox(s, new Section.Value(v.key(), v.line(), text));
    if (a.getPersonal() != null) {
      throw s.invalid(v, "expected a bare address like name@example.org, got '" + v.text() + "'");
    }
    return a.getAddress();
  }

  /** A Quartz cron expression (six or seven fields, seconds first). */
  static String cron(Section s, Section.Value v) throws ConfigException {
    String expr = v.text().trim();
    try {
      CronExpression.validateExpression(expr);
      return expr;
    } catch (ParseException e) {
      String hint =
          expr.split("\\s+").length == 5
              ? " (Quartz cron has 6 or 7 fields, seconds first, e.g. \"0 0 8 ? * MON\")"
              : "";
      throw s.invalid(v, "invalid Quartz cron expression '" + expr + "': " + e.getMessage() + hint);
    }
  }

  static ZoneId zone(Section s, Section.Value v) throws ConfigException {
    String text = v.text().trim();
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw s.invalid(
          v,
          "unknown time zone '"
              + text
              + "'"
              + Suggestions.didYouMean(text, ZoneId.getAvailableZoneIds()));
    }
  }

  static String language(Section s, Section.Value v) throws ConfigException {
    String text = v.text().trim();
    if (!LANGUAGE.matcher(text).matches()
        || Locale.forLanguageTag(text).toLanguageTag().equals("und")) {
      throw s.invalid(v, "expected a BCP 47 language tag such as en or de-CH, got '" + text + "'");
    }
    return text;
  }

  static String id(Section s, Section.Value v) throws ConfigException {
    String text = v.text().trim();
    if (!ID.matcher(text).matches()) {
      throw s.invalid(v, "expected up to 64 letters, digits, '.', '-' or '_', got '" + text + "'");
    }
    return text;
  }

  /** {@code "The Weekly Brief!"} becomes {@code the-weekly-brief}. */
  static String slug(String title) {
    String ascii = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    slug = slug.replaceAll("^-+|-+$", "");
    if (slug.length() > 64) {
      slug = slug.substring(0, 64).replaceAll("-+$", "");
    }
    return slug.isEmpty() ? "digest" : slug;
  }

  /**
   * A JDBC URL for H2 or PostgreSQL. A relative H2 file path ({@code jdbc:h2:file:./x}, {@code
   * jdbc:h2:./x}) would be relative to the working directory, so it is made absolute against {@code
   * baseDir}; its {@code ;OPTIONS} are kept.
   */
  static String databaseUrl(Section s, Section.Value v, Path baseDir) throws ConfigException {
    String url = v.text().trim();
    if (url.startsWith("jdbc:postgresql:")) {
      return url;
    }
    if (!url.startsWith("jdbc:h2:")) {
      throw s.invalid(
          v,
          "unsupported database URL '" + url + "' (use jdbc:h2:... or jdbc:postgresql://host/db)");
    }
    String rest = url.substring("jdbc:h2:".length());
    String body;
    if (rest.startsWith("file:")) {
      body = rest.substring("file:".length());
    } else if (rest.startsWith("./")
        || rest.startsWith("../")
        || rest.startsWith(".\\")
        || rest.startsWith("..\\")) {
      body = rest;
    } else {
      return url; // mem:, tcp:, ssl:, an absolute or ~ path
    }
    int semi = body.indexOf(';');
    String file = semi < 0 ? body : body.substring(0, semi);
    String options = semi < 0 ? "" : body.substring(semi);
    if (file.startsWith("~")) {
      return url;
    }
    try {
      if (Path.of(file).isAbsolute()) {
        return url;
      }
      return "jdbc:h2:file:" + h2Path(baseDir.resolve(file)) + options;
    } catch (InvalidPathException e) {
      throw s.invalid(v, "not a valid database file path: " + e.getMessage());
    }
  }

  /** H2 takes forward slashes everywhere. */
  static String h2Path(Path path) {
    return path.normalize().toString().replace('\\', '/');
  }

  /** An EC public key, base64 of its DER (X.509 SubjectPublicKeyInfo) form. */
  static java.security.PublicKey ecPublicKey(Section s, Section.Value v) throws ConfigException {
    try {
      byte[] der = java.util.Base64.getMimeDecoder().decode(v.text().trim());
      return java.security.KeyFactory.getInstance("EC")
          .generatePublic(new java.security.spec.X509EncodedKeySpec(der));
    } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
      throw s.invalid(v, "must be an EC public key in base64 (as the provider shows it)");
    }
  }
}
