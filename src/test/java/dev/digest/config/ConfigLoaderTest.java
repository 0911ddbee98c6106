package dev.digest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

  private static final String ONE_FEED = "feeds:\n  - url: https://example.org/feed.xml\n";

  @TempDir Path dir;

  private Path write(String name, String yaml) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
    return file;
  }

  private DigestConfig load(String yaml) throws Exception {
    return ConfigLoader.load(write("feeds.yml", yaml), Map.of());
  }

  @Test
  void readsAFileThatSetsEveryKey() throws Exception {
    write("keys/dkim.pem", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n");
    Path file =
        write(
            "feeds.yml",
            """
            digest:
              id: brief
              title: The Weekly Brief
              base-url: https://brief.example.org/news/
              schedule: "0 30 7 ? * FRI"
              time-zone: Europe/Berlin
              window: 10d
              max-articles: 30
              max-per-feed: 3
              language: de-CH
              postal-address: "Hauptstrasse 1, 8000 Zürich"
              templates: tpl
              data-dir: /var/lib/digest
            mail:
              from: "The Weekly Brief <brief@example.org>"
              reply-to: editor@example.org
              unsubscribe-mailto: mailto:leave@example.org
              smtp:
                host: smtp.example.org
                port: 2525
                username: brief
                password: " s3cret "
                security: tls
                connect-timeout: PT5S
                timeout: 1m
              rate-per-second: 2.5
              pool: 8
              dkim: { domain: example.org, selector: s2025, private-key: keys/dkim.pem }
            database:
              url: jdbc:postgresql://db.example.org/digest
              username: digest
              password: pw
            web:
              bind: 0.0.0.0
              port: 9090
              admin-token: tok
              secret: hmac-secret
            fetch:
              concurrency: 8
              per-host: 1
              connect-timeout: 3s
              read-timeout: 20s
              max-bytes: 512KB
              user-agent: test-agent/1
            condense:
              quick-summary-headings: [Short Version, "In a Nutshell"]
              takeaway-headings:
                - Lessons
              mode: llm
              endpoint: http://localhost:11434/v1/chat/completions
              model: llama3.1
              api-key: sk-test
              timeout: 45s
              budget: 12
              token-budget: 50000
            feeds:
              - url: https://example.org/feed.xml
                name: Example
                category: Tech
                full-text: true
                timeout: 1h30m
              - { url: "https://example.com/atom" }
            """);

    DigestConfig c = ConfigLoader.load(file, Map.of());

    assertThat(c.file()).isEqualTo(file.toAbsolutePath());
    assertThat(c.digest())
        .isEqualTo(
            new DigestSettings(
                "brief",
                "The Weekly Brief",
                "https://brief.example.org/news",
                "0 30 7 ? * FRI",
                ZoneId.of("Europe/Berlin"),
                Duration.ofDays(10),
                30,
                3,
                "de-CH",
                "Hauptstrasse 1, 8000 Zürich",
                dir.resolve("tpl"),
                Path.of("/var/lib/digest")));
    assertThat(c.mail())
        .isEqualTo(
            new MailSettings(
                "The Weekly Brief <brief@example.org>",
                "editor@example.org",
                "leave@example.org",
                new SmtpSettings(
                    "smtp.example.org",
                    2525,
                    "brief",
                    " s3cret ",
                    SmtpSettings.Security.TLS,
                    Duration.ofSeconds(5),
                    Duration.ofMinutes(1)),
                2.5,
                8,
                Optional.of(
                    new DkimSettings("example.org", "s2025", dir.resolve("keys/dkim.pem")))));
    assertThat(c.database())
        .isEqualTo(new DatabaseSettings("jdbc:postgresql://db.example.org/digest", "digest", "pw"));
    assertThat(c.database().isPostgres()).isTrue();
    assertThat(c.web()).isEqualTo(new WebSettings("0.0.0.0", 9090, "tok", "hmac-secret"));
    assertThat(c.fetch())
        .isEqualTo(
            new FetchSettings(
                8, 1, Duration.ofSeconds(3), Duration.ofSeconds(20), 512 * 1024, "test-agent/1"));
    assertThat(c.condense())
        .isEqualTo(
            new CondenseSettings(
                List.of("Short Version", "In a Nutshell"),
                List.of("Lessons"),
                Optional.of(
                    new LlmSettings(
                        "http://localhost:11434/v1/chat/completions",
                        "llama3.1",
                        "sk-test",
                        Duration.ofSeconds(45),
                        12,
                        50_000))));
    assertThat(c.condense().llm().orElseThrow().chatCompletionsUrl())
        .isEqualTo("http://localhost:11434/v1/chat/completions");
    assertThat(c.condense().llm().orElseThrow().toString()).doesNotContain("sk-test");
    assertThat(c.feeds())
        .containsExactly(
            new FeedSettings(
                "https://example.org/feed.xml",
                "Example",
                "Tech",
                true,
                Optional.of(Duration.ofMinutes(90)),
                57),
            new FeedSettings("https://example.com/atom", "", "", false, Optional.empty(), 62));
  }

  @Test
  void fillsEveryDefaultForAFileWithOneFeed() throws Exception {
    DigestConfig c = load(ONE_FEED);

    Path data = dir.resolve("data");
    assertThat(c.digest())
        .isEqualTo(
            new DigestSettings(
                "digest",
                "Digest",
                "http://localhost:8080",
                "0 0 8 ? * MON",
                ZoneId.systemDefault(),
                Duration.ofDays(7),
                25,
                5,
                "en",
                "",
                dir.resolve("templates"),
                data));
    assertThat(c.mail())
        .isEqualTo(
            new MailSettings(
                "Digest <digest@localhost>",
                "",
                "digest@localhost",
                new SmtpSettings(
                    "",
                    587,
                    "",
                    "",
                    SmtpSettings.Security.STARTTLS,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(30)),
                0,
                4,
                Optional.empty()));
    assertThat(c.mail().embeddedSmtp()).isTrue();
    assertThat(c.database())
        .isEqualTo(
            new DatabaseSettings("jdbc:h2:file:" + data + "/digest;AUTO_SERVER=TRUE", "", ""));
    assertThat(c.web()).isEqualTo(new WebSettings("127.0.0.1", 8080, "", ""));
    assertThat(c.fetch())
        .isEqualTo(
            new FetchSettings(
                16,
                2,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                10 * 1024 * 1024,
                "digest/0.1 (+https://github.com/digest-newsletter/digest)"));
    assertThat(c.condense())
        .isEqualTo(new CondenseSettings(List.of(), List.of(), Optional.empty()));
    assertThat(c.feeds())
        .containsExactly(
            new FeedSettings("https://example.org/feed.xml", "", "", false, Optional.empty(), 2));
  }

  @Test
  void derivesIdFromAndQuotesTheTitleInTheDefaultFrom() throws Exception {
    DigestConfig c = load("digest:\n  title: \"Café Brief, weekly!\"\n" + ONE_FEED);

    assertThat(c.digest().id()).isEqualTo("cafe-brief-weekly");
    assertThat(c.mail().from()).isEqualTo("\"Café Brief, weekly!\" <digest@localhost>");
  }

  @Test
  void defaultPortFollowsSecurity() throws Exception {
    assertThat(load("mail: { smtp: { security: tls } }\n" + ONE_FEED).mail().smtp().port())
        .isEqualTo(465);
    assertThat(load("mail: { smtp: { security: NONE } }\n" + ONE_FEED).mail().smtp().port())
        .isEqualTo(25);
  }

  @Test
  void bouncesDefaultToVerpOnTheFromAddressAndNoMailbox() throws Exception {
    DigestConfig c = load("mail:\n  from: \"Brief <brief@example.org>\"\n" + ONE_FEED);

    assertThat(c.mail().bounces())
        .isEqualTo(
            new BounceSettings(
                "brief@example.org",
                3,
                java.time.Duration.ofDays(15),
                java.util.Optional.empty(),
                WebhookSettings.OFF));
  }

  @Test
  void readsTheBounceMailbox() throws Exception {
    DigestConfig c =
        load(
            """
            mail:
              bounces:
                address: bounces@example.org
                soft-limit: 5
                soft-window: 30d
                imap: { host: imap.example.org, username: b, password: s3cret, folder: Bounces }
            """
                + ONE_FEED);

    BounceSettings b = c.mail().bounces();
    assertThat(b.address()).isEqualTo("bounces@example.org");
    assertThat(b.softLimit()).isEqualTo(5);
    assertThat(b.softWindow()).isEqualTo(java.time.Duration.ofDays(30));
    BounceSettings.ImapSettings imap = b.imap().orElseThrow();
    assertThat(imap.port()).isEqualTo(993);
    assertThat(imap.security()).isEqualTo(SmtpSettings.Security.TLS);
    assertThat(imap.folder()).isEqualTo("Bounces");
    assertThat(imap.toString()).doesNotContain("s3cret");
  }

  @Test
  void aBounceAddressThatIsNoAddressSaysTheKey() {
    assertThatThrownBy(() -> load("mail:\n  bounces:\n    address: not an address\n" + ONE_FEED))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mail.bounces.address");
  }

  @Test
  void readsTheWebhooksAndMasksTheirSecrets() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
    g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    String publicKey =
        java.util.Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    DigestConfig c =
        load(
            """
            mail:
              bounces:
                webhooks:
                  secret: Wh-9f3k2LmQp7xZt_Rv
                  ses-topic-arn: arn:aws:sns:eu-west-1:111122223333:digest-feedback
                  mailgun-signing-key: key-mg-0123456789abcdef
                  sendgrid-public-key: %s
                  postmark-basic-auth: "pm:hunter22"
            """
                    .formatted(publicKey)
                + ONE_FEED);

    WebhookSettings w = c.mail().bounces().webhooks();
    assertThat(w.enabled()).isTrue();
    assertThat(w.secret()).isEqualTo("Wh-9f3k2LmQp7xZt_Rv");
    assertThat(w.sesTopicArn()).isEqualTo("arn:aws:sns:eu-west-1:111122223333:digest-feedback");
    assertThat(w.sendgridPublicKey()).isEqualTo(publicKey);
    assertThat(w.postmarkBasicAuth()).isEqualTo("pm:hunter22");
    assertThat(c.mail().bounces().toString())
        .doesNotContain("Wh-9f3k2LmQp7xZt_Rv", "key-mg-0123456789abcdef", "hunter22");
  }

  @Test
  void webhooksAreOffByDefault() throws Exception {
    assertThat(load(ONE_FEED).mail().bounces().webhooks()).isEqualTo(WebhookSettings.OFF);
    assertThat(WebhookSettings.OFF.enabled()).isFalse();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      textBlock =
          """
      secret: short                                   | mail.bounces.webhooks.secret
      secret: "sixteen chars but/has a slash"         | mail.bounces.webhooks.secret
      ses-topic-arn: digest-feedback                  | mail.bounces.webhooks.ses-topic-arn
      sendgrid-public-key: bm90IGEga2V5               | mail.bounces.webhooks.sendgrid-public-key
      postmark-basic-auth: nocolon                    | mail.bounces.webhooks.postmark-basic-auth
      """)
  void badWebhookValuesSayTheKey(String line, String key) {
    assertThatThrownBy(
            () -> load("mail:\n  bounces:\n    webhooks:\n      " + line + "\n" + ONE_FEED))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key);
  }

  @Test
  void unsubscribeMailtoDefaultsToTheFromAddress() throws Exception {
    DigestConfig c = load("mail:\n  from: \"Brief <brief@example.org>\"\n" + ONE_FEED);

    assertThat(c.mail().unsubscribeMailto()).isEqualTo("brief@example.org");
  }

  @Test
  void interpolatesEnvironmentVariablesInBothForms() throws Exception {
    Path file =
        write(
            "feeds.yml",
            """
            digest:
              title: "${TITLE} weekly"
              postal-address: "${ADDRESS:-nowhere}"
              base-url: "${BASE_URL:-https://fallback.example.org}"
            mail:
              smtp:
                host: ${SMTP_HOST}
                port: "${SMTP_PORT:-2525}"
                username: "${SMTP_USER:-}"
                password: "$${literal}"
            feeds:
              - url: "${FEED_URL}"
            """);
    Map<String, String> env =
        Map.of(
            "TITLE", "Ops",
            "SMTP_HOST", "mail.example.org",
            "BASE_URL", "", // empty takes the default, as in sh
            "FEED_URL", "https://example.org/feed?id=$ID");

    DigestConfig c = ConfigLoader.load(file, env);

    assertThat(c.digest().title()).isEqualTo("Ops weekly");
    assertThat(c.digest().id()).isEqualTo("ops-weekly");
    assertThat(c.digest().postalAddress()).isEqualTo("nowhere");
    assertThat(c.digest().baseUrl()).isEqualTo("https://fallback.example.org");
    assertThat(c.mail().smtp().host()).isEqualTo("mail.example.org");
    assertThat(c.mail().smtp().port()).isEqualTo(2525);
    assertThat(c.mail().smtp().username()).isEmpty();
    assertThat(c.mail().smtp().password()).isEqualTo("${literal}");
    assertThat(c.feeds().get(0).url()).isEqualTo("https://example.org/feed?id=$ID");
  }

  @Test
  void emptyDkimKeyVariableMeansNoDkim() throws Exception {
    String yaml =
        "mail:\n  dkim: { domain: example.org, selector: s, private-key: \"${DKIM_KEY_FILE:-}\" }\n"
            + ONE_FEED;
    assertThat(load(yaml).mail().dkim()).isEmpty();

    Path key = write("dkim.pem", "key");
    DigestConfig c =
        ConfigLoader.load(dir.resolve("feeds.yml"), Map.of("DKIM_KEY_FILE", "dkim.pem"));
    assertThat(c.mail().dkim()).contains(new DkimSettings("example.org", "s", key));
  }

  @Test
  void resolvesRelativePathsAgainstTheConfigFolder() throws Exception {
    Path file =
        write(
            "conf/feeds.yml",
            """
            digest:
              templates: tpl
              data-dir: ../state
            database:
              url: "jdbc:h2:file:./db/digest;MODE=PostgreSQL;AUTO_SERVER=TRUE"
            feeds:
              - url: local/feed.xml
              - url: file:other.xml
              - url: ../shared/feed.xml
              - url: /abs/feed.xml
              - url: file:///abs/atom.xml
            """);

    DigestConfig c = ConfigLoader.load(file, Map.of());

    Path conf = dir.resolve("conf");
    assertThat(c.baseDir()).isEqualTo(conf);
    assertThat(c.digest().templates()).isEqualTo(conf.resolve("tpl"));
    assertThat(c.digest().dataDir()).isEqualTo(dir.resolve("state"));
    assertThat(c.database().url())
        .isEqualTo(
            "jdbc:h2:file:" + conf.resolve("db/digest") + ";MODE=PostgreSQL;AUTO_SERVER=TRUE");
    assertThat(c.feeds())
        .extracting(FeedSettings::url)
        .containsExactly(
            conf.resolve("local/feed.xml").toUri().toString(),
            conf.resolve("other.xml").toUri().toString(),
            dir.resolve("shared/feed.xml").toUri().toString(),
            "file:///abs/feed.xml",
            "file:///abs/atom.xml");
  }

  @Test
  void defaultDatabaseLivesInTheResolvedDataDir() throws Exception {
    DigestConfig c = load("digest: { data-dir: var }\n" + ONE_FEED);

    assertThat(c.database().url())
        .isEqualTo("jdbc:h2:file:" + dir.resolve("var/digest") + ";AUTO_SERVER=TRUE");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void rewritesOnlyRelativeH2FileUrls(String url, String expected) throws Exception {
    DigestConfig c = load("database: { url: \"" + url + "\" }\n" + ONE_FEED);

    assertThat(c.database().url())
        .isEqualTo(
            expected
                .replace("$DIR", dir.toString())
                .replace("$PARENT", dir.getParent().toString()));
  }

  static Stream<Arguments> rewritesOnlyRelativeH2FileUrls() {
    return Stream.of(
        arguments("jdbc:h2:./x", "jdbc:h2:file:$DIR/x"),
        arguments("jdbc:h2:../x;AUTO_SERVER=TRUE", "jdbc:h2:file:$PARENT/x;AUTO_SERVER=TRUE"),
        arguments("jdbc:h2:file:data/x", "jdbc:h2:file:$DIR/data/x"),
        arguments("jdbc:h2:file:/srv/x;MODE=PostgreSQL", "jdbc:h2:file:/srv/x;MODE=PostgreSQL"),
        arguments("jdbc:h2:file:~/x", "jdbc:h2:file:~/x"),
        arguments("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1", "jdbc:h2:mem:test;DB_CLOSE_DELAY=-1"),
        arguments("jdbc:h2:tcp://db/./x", "jdbc:h2:tcp://db/./x"),
        arguments(
            "jdbc:postgresql://127.0.0.1:5432/test", "jdbc:postgresql://127.0.0.1:5432/test"));
  }

  @Test
  void aMissingFileIsLineZeroWithItsPath() {
    Path missing = dir.resolve("nope.yml");

    assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.line()).isZero();
              assertThat(e.getMessage()).isEqualTo("nope.yml: file not found: " + missing);
            });
  }

  @Test
  void aFileThatIsNotUtf8OrIsAFolderSaysSo() throws Exception {
    Path latin1 = dir.resolve("feeds.yml");
    Files.write(latin1, "digest: { title: Caf\u00e9 }\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> ConfigLoader.load(latin1, Map.of()))
        .hasMessage("feeds.yml: not UTF-8 text: " + latin1);
    assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of()))
        .hasMessageContaining("is a directory");
  }

  @Test
  void trustedProxiesAreReadAsRanges() throws Exception {
    DigestConfig c =
        load("web:\n  trusted-proxies: [127.0.0.1, \"10.0.0.0/8\", \"::1\"]\n" + ONE_FEED);
    assertThat(c.web().trustedProxies())
        .extracting(AddressRange::toString)
        .containsExactly("127.0.0.1/32", "10.0.0.0/8", "0:0:0:0:0:0:0:1/128");
    assertThat(load(ONE_FEED).web().trustedProxies()).isEmpty();
  }

  @Test
  void aByteOrderMarkIsIgnored() throws Exception {
    assertThat(load("\uFEFF" + ONE_FEED).feeds()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void rejectsWithFileLineAndKey(String name, String yaml, String expectedStart) {
    assertThatThrownBy(() -> ConfigLoader.load(write("feeds.yml", yaml), Map.of("SET", "x")))
        .isInstanceOf(ConfigException.class)
        .message()
        .startsWith(expectedStart);
  }

  static Stream<Arguments> rejectsWithFileLineAndKey() {
    return Stream.of(
        arguments(
            "a host name as trusted proxy",
            "web:\n  trusted-proxies:\n    - 10.0.0.0/8\n    - proxy.example.org\n" + ONE_FEED,
            "feeds.yml:4: web.trusted-proxies[1]: expected an IP address or CIDR range"),
        arguments(
            "tab indentation",
            "digest:\n\ttitle: x\n" + ONE_FEED,
            "feeds.yml:2: digest: invalid YAML: tab character: indent with spaces"),
        arguments(
            "bad indentation",
            "digest:\n  title: x\n   max-articles: 3\n" + ONE_FEED,
            "feeds.yml:3: digest: invalid YAML: mapping values are not allowed here"),
        arguments(
            "unclosed flow mapping",
            "mail: { from: a@b.org\n" + ONE_FEED,
            "feeds.yml:2: mail: invalid YAML: "),
        arguments(
            "unterminated quote in the second feed",
            "feeds:\n  - url: https://a.org/f\n  - url: \"https://b.org/f\n    name: B\n",
            "feeds.yml:5: feeds[1].url: invalid YAML: "),
        arguments(
            "bad indentation at the top level",
            "digest:\n  title: x\n mail: {}\n" + ONE_FEED,
            "feeds.yml:3: invalid YAML: "),
        arguments(
            "unknown top-level key",
            "digets:\n  title: x\n" + ONE_FEED,
            "feeds.yml:1: digets: unknown key (did you mean 'digest'?)"),
        arguments(
            "unknown key, nothing near",
            "zzzzzz: 1\n" + ONE_FEED,
            "feeds.yml:1: zzzzzz: unknown key (valid keys: digest, mail, database, web, fetch,"),
        arguments(
            "unknown nested key",
            "digest:\n  max-articles: 3\n  titel: x\n" + ONE_FEED,
            "feeds.yml:3: digest.titel: unknown key (did you mean 'title'?)"),
        arguments(
            "snake_case key",
            "fetch:\n  max_bytes: 1MB\n" + ONE_FEED,
            "feeds.yml:2: fetch.max_bytes: unknown key (did you mean 'max-bytes'?)"),
        arguments(
            "unknown feed key",
            "feeds:\n  - url: https://a.org/f\n    fulltext: true\n",
            "feeds.yml:3: feeds[0].fulltext: unknown key (did you mean 'full-text'?)"),
        arguments(
            "section key at the top level",
            "title: Brief\n" + ONE_FEED,
            "feeds.yml:1: title: unknown key (title belongs under digest)"),
        arguments(
            "key in the wrong section",
            "mail:\n  host: smtp.example.org\n" + ONE_FEED,
            "feeds.yml:2: mail.host: unknown key (host belongs under mail.bounces.imap or mail.smtp)"),
        arguments(
            "key of other sections",
            "fetch:\n  timeout: 5s\n" + ONE_FEED,
            "feeds.yml:2: fetch.timeout: unknown key (timeout belongs under condense, feeds[] or"
                + " mail.smtp)"),
        arguments(
            "too large a number",
            "digest:\n  max-articles: 99999999999\n" + ONE_FEED,
            "feeds.yml:2: digest.max-articles: must be at most 2147483647, got 99999999999"),
        arguments(
            "approval without editors",
            "digest:\n  title: a\n  approval: required\n" + ONE_FEED,
            "feeds.yml:3: digest.approval: required needs digest.editors"),
        arguments(
            "approval misspelt",
            "digest:\n  approval: requried\n" + ONE_FEED,
            "feeds.yml:2: digest.approval: expected one of required, off, got 'requried'"),
        arguments(
            "an editor that is no address",
            "digest:\n  approval: required\n  editors:\n    - ed@example.org\n    - not an address\n"
                + ONE_FEED,
            "feeds.yml:5: digest.editors[1]: not an e-mail address"),
        arguments(
            "deadline action unknown",
            "digest:\n  approval-deadline-action: publish\n" + ONE_FEED,
            "feeds.yml:2: digest.approval-deadline-action: expected one of drop, send, got 'publish'"),
        arguments(
            "duplicate key",
            "digest:\n  title: a\n  title: b\n" + ONE_FEED,
            "feeds.yml:3: digest.title: duplicate key (first given at line 2)"),
        arguments(
            "section is a scalar",
            "digest: weekly\n" + ONE_FEED,
            "feeds.yml:1: digest: expected a mapping of keys"),
        arguments(
            "string for an integer",
            "digest:\n  max-articles: ten\n" + ONE_FEED,
            "feeds.yml:2: digest.max-articles: expected a whole number, got 'ten'"),
        arguments(
            "negative number",
            "digest:\n  max-per-feed: -3\n" + ONE_FEED,
            "feeds.yml:2: digest.max-per-feed: must be at least 1, got -3"),
        arguments(
            "port out of range",
            "web:\n  port: 70000\n" + ONE_FEED,
            "feeds.yml:2: web.port: must be between 0 and 65535, got 70000"),
        arguments(
            "list for a value",
            "digest:\n  title: [a, b]\n" + ONE_FEED,
            "feeds.yml:2: digest.title: expected a single value, got a list"),
        arguments(
            "Unix cron",
            "digest:\n  schedule: \"0 8 * * 1\"\n" + ONE_FEED,
            "feeds.yml:2: digest.schedule: invalid Quartz cron expression '0 8 * * 1': "),
        arguments(
            "bad cron field",
            "digest:\n  schedule: \"0 0 25 ? * MON\"\n" + ONE_FEED,
            "feeds.yml:2: digest.schedule: invalid Quartz cron expression '0 0 25 ? * MON': "),
        arguments(
            "bad time zone",
            "digest:\n  time-zone: Europe/Berln\n" + ONE_FEED,
            "feeds.yml:2: digest.time-zone: unknown time zone 'Europe/Berln' (did you mean"
                + " 'Europe/Berlin'?)"),
        arguments(
            "bad duration",
            "digest:\n  window: 7 days\n" + ONE_FEED,
            "feeds.yml:2: digest.window: expected a duration such as 30s"),
        arguments(
            "zero duration",
            "fetch:\n  read-timeout: 0s\n" + ONE_FEED,
            "feeds.yml:2: fetch.read-timeout: must be a positive duration, got '0s'"),
        arguments(
            "bad size",
            "fetch:\n  max-bytes: 10 parsecs\n" + ONE_FEED,
            "feeds.yml:2: fetch.max-bytes: expected a size such as 10MB"),
        arguments(
            "bad boolean",
            "feeds:\n  - url: https://a.org/f\n    full-text: maybe\n",
            "feeds.yml:3: feeds[0].full-text: expected true or false, got 'maybe'"),
        arguments(
            "bad security",
            "mail:\n  smtp:\n    security: ssl\n" + ONE_FEED,
            "feeds.yml:3: mail.smtp.security: expected one of none, starttls, tls, got 'ssl'"),
        arguments(
            "feed without url",
            "feeds:\n  - url: https://a.org/f\n  - name: Nameless\n",
            "feeds.yml:3: feeds[1].url: is required"),
        arguments(
            "feed as a plain string",
            "feeds:\n  - https://a.org/f\n",
            "feeds.yml:2: feeds[0]: expected a mapping such as { url: ... }"),
        arguments(
            "duplicate feed URL",
            "feeds:\n  - url: https://example.org/a\n  - { url: \"HTTPS://Example.ORG/a\" }\n",
            "feeds.yml:3: feeds[1].url: duplicate feed URL, already given as feeds[0] (line 2)"),
        arguments(
            "unsupported feed scheme",
            "feeds:\n  - url: ftp://example.org/feed\n",
            "feeds.yml:2: feeds[0].url: unsupported URL scheme 'ftp'"),
        arguments(
            "bad mail.from",
            "mail:\n  from: \"Brief <brief@>\"\n" + ONE_FEED,
            "feeds.yml:2: mail.from: not a valid e-mail address 'Brief <brief@>': "),
        arguments(
            "two addresses in from",
            "mail:\n  from: \"a@example.org, b@example.org\"\n" + ONE_FEED,
            "feeds.yml:2: mail.from: not a valid e-mail address"),
        arguments(
            "unset environment variable",
            "mail:\n  smtp:\n    host: ${SMTP_HOST}\n" + ONE_FEED,
            "feeds.yml:3: mail.smtp.host: environment variable SMTP_HOST is not set"),
        arguments(
            "unterminated variable",
            "digest:\n  title: \"${SET\"\n" + ONE_FEED,
            "feeds.yml:2: digest.title: unterminated ${"),
        arguments(
            "non-http base-url",
            "digest:\n  base-url: ftp://example.org\n" + ONE_FEED,
            "feeds.yml:2: digest.base-url: must be an http:// or https:// URL, got"
                + " 'ftp://example.org'"),
        arguments(
            "unsupported database",
            "database:\n  url: jdbc:mysql://db/x\n" + ONE_FEED,
            "feeds.yml:2: database.url: unsupported database URL 'jdbc:mysql://db/x'"),
        arguments(
            "llm without endpoint",
            "condense:\n  mode: llm\n  model: m\n" + ONE_FEED,
            "feeds.yml:2: condense.endpoint: is required"),
        arguments(
            "missing DKIM key file",
            "mail:\n  dkim:\n    domain: example.org\n    selector: s\n    private-key: none.pem\n"
                + ONE_FEED,
            "feeds.yml:5: mail.dkim.private-key: key file not found: "),
        arguments(
            "no feeds key",
            "digest:\n  title: x\n",
            "feeds.yml:1: feeds: at least one feed is required"),
        arguments(
            "empty feeds list",
            "digest:\n  title: x\nfeeds: []\n",
            "feeds.yml:3: feeds: at least one feed is required"),
        arguments(
            "empty file", "# nothing yet\n", "feeds.yml: feeds: at least one feed is required"),
        arguments(
            "top level is a list",
            "- url: https://a.org/f\n",
            "feeds.yml:1: expected sections (digest, mail, database, web, fetch, condense,"
                + " feeds)"));
  }

  @Test
  void loadsTheRepositoryDefaultFeedsYml() throws Exception {
    DigestConfig c = ConfigLoader.load(Path.of("feeds.yml"));

    assertThat(c.feeds()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(c.feeds()).allSatisfy(f -> assertThat(f.url()).startsWith("https://"));
    assertThat(c.digest().templates()).isEqualTo(Path.of("templates").toAbsolutePath());
  }

  @Test
  void approvalKeysAreReadAndOffByDefault() throws Exception {
    DigestConfig plain = load(ONE_FEED);
    assertThat(plain.digest().approval()).isFalse();
    assertThat(plain.digest().editors()).isEmpty();
    assertThat(plain.digest().approvalDeadline()).isEmpty();
    assertThat(plain.digest().approvalDeadlineAction()).isEqualTo("drop");
    DigestConfig c =
        load(
            "digest:\n  approval: required\n  editors: [\"Ed <ed@example.org>\", kim@example.org]\n"
                + "  approval-deadline: 36h\n  approval-deadline-action: send\n"
                + ONE_FEED);
    assertThat(c.digest().approval()).isTrue();
    assertThat(c.digest().editors()).containsExactly("ed@example.org", "kim@example.org");
    assertThat(c.digest().approvalDeadline()).contains(java.time.Duration.ofHours(36));
    assertThat(c.digest().approvalDeadlineAction()).isEqualTo("send");
    // The approval keys apply in a running serve: each run reads them afresh.
    assertThat(ConfigChanges.between(plain, c))
        .contains(
            "digest.approval",
            "digest.editors",
            "digest.approval-deadline",
            "digest.approval-deadline-action");
    assertThat(ConfigChanges.between(plain, c)).allMatch(ConfigChanges::hot);
  }

  @Test
  void repositoryFeedsYmlShowsEveryKey() throws Exception {
    String text = Files.readString(Path.of("feeds.yml"));

    for (String key : ConfigLoader.knownKeys()) {
      String leaf = key.substring(key.lastIndexOf('.') + 1);
      assertThat(text)
          .as(key)
          .containsPattern("(?m)^[ #-]*(\\{ )?" + leaf + ":|[{,] " + leaf + ":");
    }
  }

  @Test
  void repositoryFeedsYmlWithNoEnvironmentUsesEmbeddedSmtpAndH2() throws Exception {
    DigestConfig c = ConfigLoader.load(Path.of("feeds.yml"), Map.of());

    assertThat(c.mail().embeddedSmtp()).isTrue();
    assertThat(c.mail().dkim()).isEmpty();
    assertThat(c.mail().from()).isEqualTo("Digest <digest@localhost>");
    assertThat(c.mail().smtp().port()).isEqualTo(587);
    assertThat(c.database().url())
        .isEqualTo("jdbc:h2:file:" + Path.of("data/digest").toAbsolutePath() + ";AUTO_SERVER=TRUE");
    assertThat(c.condense().llm()).isEmpty();
  }
}
