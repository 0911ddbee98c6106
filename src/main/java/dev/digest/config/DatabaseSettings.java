package dev.digest.config;

/**
 * The {@code database:} section. A relative H2 file URL ({@code jdbc:h2:file:./data/digest}) is
 * already resolved against the config file's folder.
 */
public record DatabaseSettings(String url, String username, String password) {

  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  /** The URL without the password it may carry; for messages and logs. */
  public String safeUrl() {
    return Secrets.maskUrl(url);
  }

  /** The password (also one inside the URL) is a secret: never printed or logged. */
  @Override
  public String toString() {
    return "DatabaseSettings[url="
        + safeUrl()
        + ", username="
        + username
        + ", password="
        + Secrets.mask(password)
        + "]";
  }
}
