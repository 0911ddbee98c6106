package dev.digest.subscribe;

import dev.digest.config.WebSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC secret for tokens: {@code web.secret} from the config when set, else 32 random bytes
 * generated once into {@code <dataDir>/secret.key} (owner-only permissions) and read back after.
 */
public final class SecretStore {

  private static final Logger log = LoggerFactory.getLogger(SecretStore.class);

  public static final String FILE_NAME = "secret.key";

  private SecretStore() {}

  public static byte[] load(WebSettings web, Path dataDir) {
    if (web != null && !web.secret().isBlank()) {
      byte[] secret = web.secret().getBytes(StandardCharsets.UTF_8);
      if (secret.length < 16) {
        throw new IllegalArgumentException("web.secret must be at least 16 characters long");
      }
      return secret;
    }
    return loadOrCreate(dataDir.resolve(FILE_NAME));
  }

  static byte[] loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return read(file);
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".secret", ".tmp");
      try {
        ownerOnly(tmp);
        Files.writeString(tmp, Base64.getEncoder().encodeToString(secret) + "\n");
        // A hard link fails when the file exists: two processes starting at once agree on one.
        try {
          Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
          return read(file);
        } catch (UnsupportedOperationException | IOException e) {
          if (Files.exists(file)) {
            return read(file);
          }
          Files.move(tmp, file);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      log.info("generated token secret file={}", file);
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the token secret " + file, e);
    }
  }

  private static byte[] read(Path file) throws IOException {
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
  }

  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the data directory's ACL applies.
    }
  }
}
