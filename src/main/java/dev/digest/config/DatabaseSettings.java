package dev.digest.config;

/**
 * The {@code database:} section. A relative H2 file URL ({@code jdbc:h2:file:./data/digest}) is
 * already resolved against the config file's folder.
 */
public record DatabaseSettings(String url, String username, String password) {

  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }
}
