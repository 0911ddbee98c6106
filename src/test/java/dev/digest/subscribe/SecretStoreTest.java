package dev.digest.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.WebSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoreTest {

  @TempDir Path dir;

  @Test
  void configuredSecretWins() {
    byte[] s = SecretStore.load(new WebSettings("127.0.0.1", 8080, "", "a-configured-secret-value"), dir);
    assertThat(new String(s, StandardCharsets.UTF_8)).isEqualTo("a-configured-secret-value");
    assertThat(dir.resolve(SecretStore.FILE_NAME)).doesNotExist();
  }

  @Test
  void generatesOnceOwnerOnlyAndReadsItBack() throws Exception {
    Path data = dir.resolve("data");
    WebSettings web = new WebSettings("127.0.0.1", 8080, "", "");
    byte[] first = SecretStore.load(web, data);
    byte[] second = SecretStore.load(web, data);
    assertThat(first).hasSize(32).isEqualTo(second);
    Path file = data.resolve(SecretStore.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(data)) {
      assertThat(files).containsExactly(file);
    }
  }
}
