package dev.digest.subscribe;

import dev.digest.config.WebSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC secret for tokens: {@code web.secret} from the config when set, else 32 random bytes
 * generated once and kept in the database, so every node on one database signs and verifies the
 * same links. An installation that kept its generated secret in {@code <dataDir>/secret.key}
 * (before the database held it) has that value moved into the database on first start, so links in
 * mails already sent keep working.
 */
public final class SecretStore {

  private static final Logger log = LoggerFactory.getLogger(SecretStore.class);

  /** The file earlier versions generated the secret into. */
  public static final String FILE_NAME = "secret.key";

  static final String NAME = "token-hmac";

  private SecretStore() {}

  public static byte[] load(WebSettings web, Path dataDir, SecretRepository secrets) {
    if (web != null && !web.secret().isBlank()) {
      byte[] secret = web.secret().getBytes(StandardCharsets.UTF_8);
      if (secret.length < 16) {
        throw new IllegalArgumentException("web.secret must be at least 16 characters long");
      }
      return secret;
    }
    var stored = secrets.find(NAME);
    if (stored.isPresent()) {
      return decode(stored.get());
    }
    Path file = dataDir.resolve(FILE_NAME);
    byte[] candidate;
    String origin;
    if (Files.exists(file)) {
      candidate = readFile(file);
      origin = "adopted " + file;
    } else {
      candidate = new byte[32];
      new SecureRandom().nextBytes(candidate);
      origin = "generated";
    }
    String encoded = Base64.getEncoder().encodeToString(candidate);
    String kept = secrets.putIfAbsent(NAME, encoded);
    if (kept.equals(encoded)) {
      log.info("token secret {} and stored in the database", origin);
    }
    return decode(kept);
  }

  private static byte[] decode(String stored) {
    byte[] secret = Base64.getDecoder().decode(stored.trim());
    if (secret.length < 16) {
      throw new IllegalStateException("the stored token secret is shorter than 16 bytes");
    }
    return secret;
  }

  private static byte[] readFile(Path file) {
    try {
      String text = Files.readString(file).trim();
      try {
        byte[] secret = Base64.getDecoder().decode(text);
        if (secret.length >= 16) {
          return secret;
        }
      } catch (IllegalArgumentException e) {
        // not base64: use the bytes as they are
      }
      byte[] raw = Files.readAllBytes(file);
      if (raw.length < 16) {
        throw new IOException("token secret " + file + " is shorter than 16 bytes");
      }
      return raw;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token secret " + file, e);
    }
  }
}
