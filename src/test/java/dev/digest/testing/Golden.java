package dev.digest.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Golden-file comparison: {@code -Ddigest.updateGolden=true} rewrites the expected file; a missing
 * expected file is written and the test fails, so a new golden is always looked at once.
 */
public final class Golden {

  private Golden() {}

  /**
   * The names of the fixture files under {@code src/test/resources/<pkgDir>} that {@code wanted}
   * takes, sorted: the cases of a golden test, and of the tests that run over the same fixtures.
   */
  public static List<String> cases(String pkgDir, Predicate<String> wanted) throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/test/resources", pkgDir))) {
      return files.map(p -> p.getFileName().toString()).filter(wanted).sorted().toList();
    }
  }

  public static void check(String pkgDir, String name, String actual) throws IOException {
    Path file = Path.of("src/test/resources", pkgDir, name);
    boolean update = Boolean.getBoolean("digest.updateGolden");
    if (update || !Files.exists(file)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      if (!update) {
        fail("golden file was missing and has been written, check it: " + file);
      }
      return;
    }
    assertThat(actual)
        .as("golden " + file + " (rerun with -Ddigest.updateGolden=true to accept)")
        .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
