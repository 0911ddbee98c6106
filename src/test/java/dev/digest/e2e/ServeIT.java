package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user runs it: {@code digest serve} on embedded defaults (H2 file, dev SMTP)
 * comes up, answers the subscribe page, and stops cleanly on SIGTERM.
 */
class ServeIT {

  @TempDir Path dir;

  @Test
  void serveComesUpOnEmbeddedDefaultsAndAnswersTheSubscribePage() throws Exception {
    Path jar = Path.of(System.getProperty("digest.jar", "target/digest.jar"));
    assertThat(jar).exists();
    int port = Fixtures.freePort();
    Path config = dir.resolve("feeds.yml");
    // Unreachable feed on purpose: serving must not depend on the feeds.
    Files.writeString(
        config,
        "digest:\n  title: Serve Test\n  templates: "
            + Path.of("templates").toAbsolutePath()
            + "\nfeeds:\n  - url: http://127.0.0.1:9/feed.xml\n");
    Process p =
        new ProcessBuilder(
                javaBin(),
                "-jar",
                jar.toString(),
                "serve",
                "--config",
                config.toString(),
                "--port",
                Integer.toString(port),
                "--smtp-port",
                "0")
            .redirectErrorStream(true)
            .start();
    StringBuilder output = new StringBuilder();
    try {
      BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String line;
      boolean up = false;
      while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
        output.append(line).append('\n');
        if (line.contains("serving Serve Test on")) {
          up = true;
          break;
        }
      }
      assertThat(up).as(output.toString()).isTrue();
      HttpResponse<String> home =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(home.statusCode()).isEqualTo(200);
      assertThat(home.body()).contains("Subscribe").contains("name=\"email\"");
      assertThat(dir.resolve("data")).isDirectory();
    } finally {
      p.destroy(); // SIGTERM: the shutdown hook closes web, scheduler, SMTP and database
      boolean exited = p.waitFor(30, TimeUnit.SECONDS);
      if (!exited) {
        p.destroyForcibly();
      }
      assertThat(exited).as("digest serve stops on SIGTERM").isTrue();
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
