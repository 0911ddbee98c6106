package dev.digest.config;

import java.util.regex.Pattern;

/** Masks secrets in the settings' {@code toString}, so a logged config shows none. */
final class Secrets {

  // password=... in a JDBC query string or H2 ;PASSWORD=...; and user:password@ in an authority
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:^|[?&;])password=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?#]*:)[^@/?#]*@");

  private Secrets() {}

  static String mask(String secret) {
    return secret == null || secret.isEmpty() ? "" : "***";
  }

  static String maskUrl(String url) {
    String masked = URL_PASSWORD.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceAll("$1***@");
  }
}
