package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole site in a real browser: {@code digest serve} from the packaged jar on embedded defaults
 * (H2 file, dev SMTP outbox) with feeds from a local server, driven by the Playwright script {@code
 * src/test/e2e-browser/flow.mjs} in Debian's Chromium. Screenshots at 375 and 1280 px land in
 * {@code target/screenshots/}. Skipped when node, Chromium or playwright-core is absent ({@code
 * apt-get install -y chromium nodejs npm; (cd src/test/e2e-browser && npm ci)}). A second run with
 * digest.approval required takes the editor through /admin/draft ({@code draft.mjs}).
 */
class BrowserIT {

  static final Path SCRIPT_DIR = Path.of("src/test/e2e-browser");
  static final Path CHROMIUM = Path.of(System.getProperty("digest.chromium", "/usr/bin/chromium"));

  @TempDir Path dir;

  @Test
  void subscribeConfirmSendUnsubscribeArchiveAndPreviewInChromium() throws Exception {
    Path shots = runInChromium("", "flow.mjs", "browser flow: ok");
    assertThat(shots.resolve("home-375.png")).exists();
    assertThat(shots.resolve("edition-1280.png")).exists();
    assertThat(shots.resolve("admin-feeds-375.png")).exists();
    assertThat(shots.resolve("admin-feeds-1280.png")).exists();
    assertThat(shots.resolve("admin-feeds-refused-375.png")).exists();
  }

  /**
   * digest.reader-feed-choice true: a reader leaves out a topic and a feed on the preference page
   * (reached from the confirmation page) at 375 px, and the next edition brings only what they kept
   * ({@code preferences.mjs}).
   */
  @Test
  void aReaderLeavesOutATopicAndAFeedAndTheNextEditionFollowsInChromium() throws Exception {
    Path shots =
        runInChromium(
            "  reader-feed-choice: true\n  welcome: false\n",
            "preferences.mjs",
            "preferences flow: ok");
    assertThat(shots.resolve("preferences-feeds-375.png")).exists();
    assertThat(shots.resolve("preferences-saved-1280.png")).exists();
    assertThat(shots.resolve("preferences-edition-375.png")).exists();
  }

  /**
   * digest.approval required: the admin send builds a draft, and the editor reviews it on
   * /admin/draft at 375 and 1280 px, comments, pins and approves it ({@code draft.mjs}).
   */
  @Test
  void theEditorCuratesAndApprovesTheDraftOnAdminDraftInChromium() throws Exception {
    Path shots =
        runInChromium(
            "  approval: required\n  editors: [\"editor@example.org\"]\n",
            "draft.mjs",
            "draft flow: ok");
    assertThat(shots.resolve("admin-draft-375.png")).exists();
    assertThat(shots.resolve("admin-draft-1280.png")).exists();
    assertThat(shots.resolve("admin-draft-commented-375.png")).exists();
    assertThat(shots.resolve("admin-draft-approved-1280.png")).exists();
  }

  /**
   * Serves the three local feeds with {@code digest serve} from the jar, runs {@code script} in
   * Chromium against it and checks it printed {@code okLine}; returns the screenshot folder.
   *
   * @param digestYaml more keys of the {@code digest:} section, each line indented by two spaces
   */
  private Path runInChromium(String digestYaml, String script, String okLine) throws Exception {
    String node = which("node");
    assumeTrue(
        node != null, "node not on PATH: browser test skipped (apt-get install -y nodejs npm)");
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        CHROMIUM + " not found: browser test skipped (apt-get install -y chromium)");
    assumeTrue(
        Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core")),
        "playwright-core not installed: browser test skipped (cd src/test/e2e-browser && npm ci)");
    Path jar = Path.of(System.getProperty("digest.jar", "target/digest.jar"));
    // Under failsafe (verify) the jar is always built; a plain `test` run may not have it.
    assumeTrue(
        Files.isRegularFile(jar),
        jar + " not built: browser test skipped (./mvnw -B verify builds it)");

    try (FeedServer feeds = new FeedServer()) {
      Fixtures.serveThreeFeeds(feeds);
      int port = Fixtures.freePort();
      String base = "http://127.0.0.1:" + port;
      Path config = dir.resolve("feeds.yml");
      // No SMTP host: the embedded dev SMTP server takes the mail and the outbox pages show it.
      Files.writeString(
          config,
          """
          digest:
            title: Harbour Brief
            base-url: %s
            templates: %s
          %s
          mail:
            from: "Harbour Brief <brief@example.org>"
          feeds:
            - { url: "%s", name: Harbour Gazette, category: News }
            - { url: "%s", name: Workshop Notes, category: Crafts }
            - { url: "%s", name: Harbour Analysis, category: News }
          """
              .formatted(
                  base,
                  Path.of("templates").toAbsolutePath(),
                  digestYaml.stripTrailing(),
                  feeds.url("/news.rss"),
                  feeds.url("/notes.atom"),
                  feeds.url("/analysis.rss")));
      Process serve =
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
              .redirectOutput(dir.resolve("serve.log").toFile())
              .start();
      try {
        waitForLine(dir.resolve("serve.log"), "serving Harbour Brief on", serve);
        Path shots = Path.of("target/screenshots").toAbsolutePath();
        ProcessBuilder pb =
            new ProcessBuilder(node, script)
                .directory(SCRIPT_DIR.toFile())
                .redirectErrorStream(true);
        pb.environment().put("BASE_URL", base);
        pb.environment().put("SCREENSHOTS", shots.toString());
        pb.environment().put("CHROMIUM", CHROMIUM.toString());
        pb.environment().put("HEADLINE", "Council approves tidal barrier");
        // A configured feed, which /admin/feeds must refuse to add a second time.
        pb.environment().put("FEED_URL", feeds.url("/news.rss"));
        Process browser = pb.start();
        String output;
        try (BufferedReader r =
            new BufferedReader(
                new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8))) {
          StringBuilder sb = new StringBuilder();
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            sb.append(line).append('\n');
          }
          output = sb.toString();
        }
        assertThat(browser.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(browser.exitValue())
            .as(output + "\n--- serve.log ---\n" + Files.readString(dir.resolve("serve.log")))
            .isZero();
        assertThat(output).contains(okLine);
        return shots;
      } finally {
        serve.destroy();
        if (!serve.waitFor(30, TimeUnit.SECONDS)) {
          serve.destroyForcibly();
        }
      }
    }
  }

  private static void waitForLine(Path log, String marker, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(marker)) {
        return;
      }
      assertThat(p.isAlive())
          .as("digest serve exited: " + (Files.exists(log) ? Files.readString(log) : ""))
          .isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("digest serve did not come up: " + Files.readString(log));
  }

  private static String which(String program) throws IOException {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(d, program);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }
}
