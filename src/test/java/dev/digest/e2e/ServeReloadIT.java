package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * The packaged jar's {@code digest serve} (real Quartz, H2, dev SMTP) takes a feed added to
 * feeds.yml while it runs, without a restart: /admin lists it and the admin preview carries its
 * article; a key that needs a restart is named; a broken edit is shown with its file, line and key
 * and the running feeds are kept.
 */
class ServeReloadIT {

  @TempDir Path dir;

  @Test
  void aFeedAddedWhileServingIsReadByTheNextRun() throws Exception {
    Path jar = Path.of(System.getProperty("digest.jar", "target/digest.jar"));
    assertThat(jar).exists();
    try (FeedServer feeds = new FeedServer()) {
      Fixtures.serveThreeFeeds(feeds);
      int port = Fixtures.freePort();
      Path config = dir.resolve("feeds.yml");
      String head =
          "digest:\n  id: brief\n  title: Reload Test\n  templates: "
              + Path.of("templates").toAbsolutePath()
              + "\n%sfeeds:\n  - { url: \""
              + feeds.url("/news.rss")
              + "\", name: Harbour Gazette }\n";
      Files.writeString(config, head.formatted(""));
      Process p =
          new ProcessBuilder(
                  ServeIT.javaBin(),
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
      StringBuffer output = new StringBuffer();
      Thread drain = new Thread(() -> drain(p, output), "serve-output");
      drain.setDaemon(true);
      drain.start();
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> output.indexOf("serving Reload Test on") >= 0);
        assertThat(get(port, "/admin")).contains("news.rss").doesNotContain("notes.atom");

        String added =
            head.formatted("  max-articles: 9\n")
                + "  - { url: \""
                + feeds.url("/notes.atom")
                + "\", name: Workshop Notes, category: Crafts }\n";
        Files.writeString(config, added);
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> get(port, "/admin").contains("notes.atom"));
        String admin = get(port, "/admin");
        assertThat(admin).contains("applied <span>feeds</span>").contains("digest.max-articles");
        assertThat(get(port, "/admin/preview"))
            .contains("Sharpening chisels by hand")
            .contains("Ferry timetable changes for winter");

        Files.writeString(config, added.replace("category: Crafts", "categroy: Crafts"));
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> get(port, "/admin").contains("does not load"));
        assertThat(get(port, "/admin"))
            .contains("feeds.yml:")
            .contains("categroy")
            .contains("notes.atom");
        assertThat(output.toString()).contains("keeping the running configuration");
      } finally {
        p.destroy();
        boolean exited = p.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
          p.destroyForcibly();
        }
        assertThat(exited).as(output.toString()).isTrue();
      }
    }
  }

  private static String get(int port, String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }

  private static void drain(Process p, StringBuffer output) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        output.append(line).append('\n');
      }
    } catch (java.io.IOException e) {
      output.append("(output ended: ").append(e.getMessage()).append(")\n");
    }
  }
}
