package dev.digest.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.digest.app.DigestApp;
import dev.digest.config.ConfigLoader;
import dev.digest.testing.TestDatabase;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The setting of an end-to-end test, set up before each test and taken down after it: GreenMail on
 * a free port, the {@link FeedServer} (with the three feeds of {@link Fixtures} unless {@link
 * #noFeeds}), the feeds.yml of {@link Fixtures#config} for both in a folder of the test's own, and
 * whatever the test opens through it ({@link #app}, {@link #usePostgres}), closed after it.
 *
 * <pre>{@code @RegisterExtension final E2e e2e = E2e.threeFeeds();}</pre>
 */
final class E2e implements BeforeEachCallback, AfterEachCallback {

  private final boolean serveFeeds;
  private final boolean webPort;
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private Path dir;
  private GreenMail smtp;
  private ServerSetup smtpSetup;
  private boolean smtpRunning;
  private FeedServer feeds;
  private Path config;
  private int port;

  private E2e(boolean serveFeeds, boolean webPort) {
    this.serveFeeds = serveFeeds;
    this.webPort = webPort;
  }

  /** The three feeds of {@link Fixtures#serveThreeFeeds} on the feed server. */
  static E2e threeFeeds() {
    return new E2e(true, false);
  }

  /** The feed server empty: the test puts what it needs (feeds.yml still names the three). */
  static E2e noFeeds() {
    return new E2e(false, false);
  }

  /** As {@link #threeFeeds} with a free port for the web server, the base URL of the mails. */
  static E2e threeFeedsAndWebPort() {
    return new E2e(true, true);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("digest-e2e");
    startSmtp(ServerSetupTest.SMTP.dynamicPort());
    feeds = new FeedServer();
    if (serveFeeds) {
      Fixtures.serveThreeFeeds(feeds);
    }
    if (webPort) {
      port = Fixtures.freePort();
      config = Fixtures.config(dir, feeds, smtp.getSmtp().getPort(), baseUrl());
    } else {
      config = Fixtures.config(dir, feeds, smtp.getSmtp().getPort());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception first = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    feeds.close();
    stopSmtp();
    deleteQuietly(dir);
    if (first != null) {
      throw first;
    }
  }

  /** The test's own folder; feeds.yml and the H2 data are in it. */
  Path dir() {
    return dir;
  }

  Path config() {
    return config;
  }

  GreenMail smtp() {
    return smtp;
  }

  FeedServer feeds() {
    return feeds;
  }

  /** With {@link #threeFeedsAndWebPort}: the port the config's base URL names. */
  int webPort() {
    return port;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** SMTP goes away (the same port comes back with {@link #restartSmtp}). */
  void stopSmtp() {
    if (smtpRunning) {
      smtp.stop();
      smtpRunning = false;
    }
  }

  /** A new GreenMail, empty, on the port of the one before. */
  void restartSmtp() {
    stopSmtp();
    startSmtp(smtpSetup);
  }

  /** The real command line with {@code --config} this test's feeds.yml. */
  Cli.Result cli(String... args) {
    String[] all =
        Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
            .toArray(String[]::new);
    return Cli.run(all);
  }

  /** The application on the system clock, closed after the test (or earlier by the test). */
  DigestApp app() throws Exception {
    return app(Clock.systemUTC());
  }

  DigestApp app(Clock clock) throws Exception {
    return closeAfter(DigestApp.open(ConfigLoader.load(config), clock, 0));
  }

  /** {@code lines} added at the top of the config's digest section. */
  void digestSettings(String lines) throws IOException {
    Files.writeString(
        config, Files.readString(config).replaceFirst("(?m)^digest:\\n", "digest:\n" + lines));
  }

  /**
   * The config's database becomes a fresh schema on the local PostgreSQL, dropped after the test;
   * the test skips, with a message, when PostgreSQL is not there.
   */
  void usePostgres() throws IOException {
    TestDatabase pg = closeAfter(TestDatabase.postgresql());
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "  url: \"jdbc:h2:file:./data/digest\"",
                "  url: \"" + pg.url() + "\"\n  username: postgres"));
  }

  /** The messages GreenMail received for {@code address}, in arrival order. */
  List<MimeMessage> mailTo(String address) throws MessagingException {
    List<MimeMessage> out = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      if (m.getAllRecipients()[0].toString().equals(address)) {
        out.add(m);
      }
    }
    return out;
  }

  /** Closed after the test, before the servers, last opened first. */
  <T extends AutoCloseable> T closeAfter(T resource) {
    opened.push(resource);
    return resource;
  }

  private void startSmtp(ServerSetup setup) {
    smtp = new GreenMail(setup);
    smtp.start();
    smtpRunning = true;
    smtpSetup = smtp.getSmtp().getServerSetup();
  }

  private static void deleteQuietly(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
