package dev.digest.config;

import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates feeds.yml into a {@link DigestConfig}. Every problem is a {@link
 * ConfigException} reading {@code feeds.yml:LINE: key: what is wrong}; the first problem found
 * stops the load.
 *
 * <p><b>Rules.</b> Keys are kebab-case; an unknown key is an error that suggests the nearest valid
 * one. All sections but {@code feeds} are optional. In any scalar value, {@code ${VAR}} is replaced
 * by the environment variable VAR (an error when it is not set) and {@code ${VAR:-default}} by VAR,
 * or {@code default} when VAR is unset or empty; <code>$${</code> is a literal <code>${</code>. A
 * key that is absent, null ({@code key:}, {@code ~}) or empty after interpolation takes its
 * default. Relative paths resolve against the folder of feeds.yml, not the working directory.
 * Durations are ISO-8601 ({@code PT30S}, {@code P7D}) or {@code 500ms}, {@code 30s}, {@code 10m},
 * {@code 2h}, {@code 7d}, {@code 1w} (also combined: {@code 1h30m}). Sizes are bytes or {@code
 * 512KB}, {@code 10MB}, {@code 1GB} (1 KB = 1024 bytes). Booleans are {@code true}/{@code false}
 * (also yes/no, on/off). In messages, {@code feeds[0]} is the first feed.
 *
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code digest.title}</td><td>{@code Digest}</td><td>name of the digest, in subjects and pages</td></tr>
 *   <tr><td>{@code digest.id}</td><td>slug of the title ({@code The Weekly Brief} &rarr; {@code the-weekly-brief})</td><td>stable identifier: List-Id, job name; letters, digits, {@code . - _}</td></tr>
 *   <tr><td>{@code digest.base-url}</td><td>{@code http://localhost:8080}</td><td>public http(s) URL of the web site, for links in mails; trailing slash dropped</td></tr>
 *   <tr><td>{@code digest.schedule}</td><td>{@code 0 0 8 ? * MON}</td><td>Quartz cron (seconds first): when an edition goes out</td></tr>
 *   <tr><td>{@code digest.time-zone}</td><td>the system's zone</td><td>zone of the schedule, e.g. {@code Europe/Berlin}</td></tr>
 *   <tr><td>{@code digest.window}</td><td>{@code P7D}</td><td>oldest article an edition may take</td></tr>
 *   <tr><td>{@code digest.max-articles}</td><td>{@code 25}</td><td>articles per edition (at least 1)</td></tr>
 *   <tr><td>{@code digest.max-per-feed}</td><td>{@code 5}</td><td>articles per feed and edition (at least 1)</td></tr>
 *   <tr><td>{@code digest.language}</td><td>{@code en}</td><td>BCP 47 tag of mails and pages</td></tr>
 *   <tr><td>{@code digest.postal-address}</td><td>empty</td><td>sender's postal address for the mail footer</td></tr>
 *   <tr><td>{@code digest.templates}</td><td>{@code templates}</td><td>folder of the Thymeleaf templates</td></tr>
 *   <tr><td>{@code digest.data-dir}</td><td>{@code data}</td><td>folder for the H2 database and generated state</td></tr>
 *   <tr><td>{@code digest.welcome}</td><td>{@code true}</td><td>a welcome mail with the latest edition when a reader confirms</td></tr>
 *   <tr><td>{@code digest.images}</td><td>{@code true}</td><td>a small thumbnail beside an item whose feed names an image; {@code off} for none</td></tr>
 *   <tr><td>{@code digest.cadences}</td><td>one, {@code weekly}, on {@code digest.schedule}</td><td>the cadences readers may choose: {@code - { name: daily, schedule: "0 0 7 ? * *" }}; each has its own editions</td></tr>
 *   <tr><td>{@code digest.default-cadence}</td><td>{@code weekly} if offered, else the first</td><td>the cadence of a reader who chose none</td></tr>
 *   <tr><td>{@code digest.reader-feed-choice}</td><td>{@code false}</td><td>{@code true}: on the preference page a reader may also leave out single feeds, beside topics</td></tr>
 *   <tr><td>{@code digest.approval}</td><td>{@code off}</td><td>{@code required}: an edition is built as a draft, mailed to the editors only, and sent when approved</td></tr>
 *   <tr><td>{@code digest.editors}</td><td>none</td><td>addresses that get the "draft ready" mail</td></tr>
 *   <tr><td>{@code digest.approval-deadline}</td><td>none</td><td>how long after it is built a draft waits, e.g. {@code 24h}</td></tr>
 *   <tr><td>{@code digest.approval-deadline-action}</td><td>{@code drop}</td><td>at the deadline: {@code drop} the draft (its articles come again in the next one) or {@code send} it as it stands</td></tr>
 *   <tr><td>{@code mail.from}</td><td>{@code <title> <digest@localhost>}</td><td>From mailbox</td></tr>
 *   <tr><td>{@code mail.reply-to}</td><td>empty (none)</td><td>Reply-To mailbox</td></tr>
 *   <tr><td>{@code mail.unsubscribe-mailto}</td><td>the From address</td><td>address of the mailto: List-Unsubscribe</td></tr>
 *   <tr><td>{@code mail.rate-per-second}</td><td>{@code 0} (unlimited)</td><td>messages handed to SMTP per second, may be fractional</td></tr>
 *   <tr><td>{@code mail.pool}</td><td>{@code 4}</td><td>SMTP connections used in parallel</td></tr>
 *   <tr><td>{@code mail.smtp.host}</td><td>empty</td><td>SMTP server; empty means the embedded dev server and outbox</td></tr>
 *   <tr><td>{@code mail.smtp.port}</td><td>{@code 587}; {@code 465} with {@code tls}; {@code 25} with {@code none}</td><td></td></tr>
 *   <tr><td>{@code mail.smtp.username}, {@code mail.smtp.password}</td><td>empty (no AUTH)</td><td></td></tr>
 *   <tr><td>{@code mail.smtp.security}</td><td>{@code starttls}</td><td>{@code none}, {@code starttls} (required) or {@code tls} (implicit)</td></tr>
 *   <tr><td>{@code mail.smtp.connect-timeout}</td><td>{@code 10s}</td><td></td></tr>
 *   <tr><td>{@code mail.smtp.timeout}</td><td>{@code 30s}</td><td>read/write timeout per SMTP command</td></tr>
 *   <tr><td>{@code mail.dkim.private-key}</td><td>empty (no DKIM)</td><td>PEM PKCS#8 RSA key file; when set, {@code domain} and {@code selector} are required</td></tr>
 *   <tr><td>{@code mail.dkim.domain}, {@code mail.dkim.selector}</td><td>none</td><td>DKIM {@code d=} and {@code s=}</td></tr>
 *   <tr><td>{@code mail.bounces.address}</td><td>the From address</td><td>envelope sender; each message's is its VERP form {@code local+TOKEN@domain}</td></tr>
 *   <tr><td>{@code mail.bounces.soft-limit}, {@code mail.bounces.soft-window}</td><td>{@code 3}, {@code P15D}</td><td>soft bounces in a row within the window that suppress: three weekly editions' retries outlast a full mailbox or a down server of a few days, not a dead one</td></tr>
 *   <tr><td>{@code mail.bounces.imap.host}</td><td>empty (no mailbox polled)</td><td>IMAP server of the mailbox that receives returned mail</td></tr>
 *   <tr><td>{@code mail.bounces.imap.port}</td><td>{@code 993}; {@code 143} with {@code none}/{@code starttls}</td><td></td></tr>
 *   <tr><td>{@code mail.bounces.imap.username}, {@code .password}</td><td>empty</td><td></td></tr>
 *   <tr><td>{@code mail.bounces.imap.security}</td><td>{@code tls}</td><td>{@code none}, {@code starttls} or {@code tls}</td></tr>
 *   <tr><td>{@code mail.bounces.imap.folder}</td><td>{@code INBOX}</td><td>folder read; processed messages are flagged or moved, never deleted first</td></tr>
 *   <tr><td>{@code mail.bounces.imap.poll-every}</td><td>{@code 1m}</td><td>when the server offers no IDLE</td></tr>
 *   <tr><td>{@code mail.bounces.webhooks.secret}</td><td>empty (webhooks off)</td><td>path segment of every webhook URL {@code POST /webhooks/{ses|postmark|mailgun|sendgrid}/{secret}}; at least 16 of {@code A-Z a-z 0-9 - _ . ~}</td></tr>
 *   <tr><td>{@code mail.bounces.webhooks.ses-topic-arn}</td><td>empty ({@code ses} off)</td><td>the SNS topic accepted (notifications and its subscription confirmation)</td></tr>
 *   <tr><td>{@code mail.bounces.webhooks.mailgun-signing-key}</td><td>empty ({@code mailgun} off)</td><td>Mailgun's webhook signing key (HMAC-SHA256 of timestamp and token)</td></tr>
 *   <tr><td>{@code mail.bounces.webhooks.sendgrid-public-key}</td><td>empty (secret only)</td><td>the signed Event Webhook's verification key, base64 as SendGrid shows it</td></tr>
 *   <tr><td>{@code mail.bounces.webhooks.postmark-basic-auth}</td><td>empty (secret only)</td><td>{@code user:password} Postmark posts must carry as basic auth</td></tr>
 *   <tr><td>{@code database.url}</td><td>{@code jdbc:h2:file:<data-dir>/digest;AUTO_SERVER=TRUE}</td><td>{@code jdbc:h2:...} (relative file paths resolved) or {@code jdbc:postgresql:...}</td></tr>
 *   <tr><td>{@code database.username}, {@code database.password}</td><td>empty</td><td></td></tr>
 *   <tr><td>{@code web.bind}</td><td>{@code 127.0.0.1}</td><td>address the web site listens on</td></tr>
 *   <tr><td>{@code web.port}</td><td>{@code 8080}</td><td>0 picks a free port</td></tr>
 *   <tr><td>{@code web.admin-token}</td><td>empty (admin from loopback only)</td><td>bearer token for /admin</td></tr>
 *   <tr><td>{@code web.trusted-proxies}</td><td>none</td><td>IPs/CIDR ranges of reverse proxies whose X-Forwarded-For is believed</td></tr>
 *   <tr><td>{@code web.secret}</td><td>empty (generated once into the database)</td><td>HMAC secret of confirm/unsubscribe links</td></tr>
 *   <tr><td>{@code fetch.concurrency}</td><td>{@code 16}</td><td>feeds fetched at once</td></tr>
 *   <tr><td>{@code fetch.per-host}</td><td>{@code 2}</td><td>fetches at once per host</td></tr>
 *   <tr><td>{@code fetch.connect-timeout}</td><td>{@code 10s}</td><td></td></tr>
 *   <tr><td>{@code fetch.read-timeout}</td><td>{@code 30s}</td><td>per feed or page; a feed's {@code timeout} overrides it</td></tr>
 *   <tr><td>{@code fetch.max-bytes}</td><td>{@code 10MB}</td><td>body cap, also after decompression</td></tr>
 *   <tr><td>{@code fetch.user-agent}</td><td>{@code digest/0.1 (+https://github.com/digest-newsletter/digest)}</td><td></td></tr>
 *   <tr><td>{@code condense.quick-summary-headings}</td><td>none</td><td>extra headings recognised as a quick summary (list)</td></tr>
 *   <tr><td>{@code condense.takeaway-headings}</td><td>none</td><td>extra headings recognised as key takeaways (list)</td></tr>
 *   <tr><td>{@code condense.mode}</td><td>{@code extractive}</td><td>{@code extractive} or {@code llm}</td></tr>
 *   <tr><td>{@code condense.endpoint}, {@code condense.model}</td><td>none</td><td>OpenAI-compatible endpoint and model; required with {@code mode: llm}</td></tr>
 *   <tr><td>{@code condense.api-key}</td><td>empty</td><td>sent as {@code Authorization: Bearer}; use {@code ${ENV}}</td></tr>
 *   <tr><td>{@code condense.timeout}</td><td>{@code 30s}</td><td>per LLM call, including reading the reply</td></tr>
 *   <tr><td>{@code condense.budget}</td><td>{@code 100}</td><td>LLM calls per run at most</td></tr>
 *   <tr><td>{@code condense.token-budget}</td><td>unlimited</td><td>LLM tokens per run at most (as the server reports them)</td></tr>
 *   <tr><td>{@code feeds[].url}</td><td>required</td><td>http(s) URL, {@code file:} URL or a path; no two feeds alike; at least one feed</td></tr>
 *   <tr><td>{@code feeds[].name}</td><td>empty (the feed's own title)</td><td></td></tr>
 *   <tr><td>{@code feeds[].category}</td><td>empty</td><td>grouping in the digest</td></tr>
 *   <tr><td>{@code feeds[].full-text}</td><td>{@code false}</td><td>fetch every article page, not only for teasers</td></tr>
 *   <tr><td>{@code feeds[].timeout}</td><td>{@code fetch.read-timeout}</td><td></td></tr>
 *   <tr><td>{@code feeds[].site}</td><td>empty</td><td>http(s) URL of the feed's web site (OPML {@code htmlUrl}; {@code digest feeds export} writes it)</td></tr>
 *   <tr><td>{@code feeds[].disabled}</td><td>{@code false}</td><td>{@code true}: kept in the list (and still a duplicate of itself) but never fetched</td></tr>
 * </table>
 *
 * <p><b>Included feed lists.</b> Every {@code feeds.d/*.yml} in the folder of feeds.yml (sorted by
 * name; names starting with a dot are skipped) holds one more list {@code feeds:} of entries of the
 * same shape, appended to feeds.yml's in that order; {@code digest feeds import} writes {@code
 * feeds.d/imported.yml}. Their errors name the included file; relative paths and environment
 * variables in them work as in feeds.yml. A feed given twice, in any two files, is refused with
 * both places named. "At least one feed" counts all files together.
 */
public final class ConfigLoader {

  private static final List<String> TOP =
      List.of("digest", "mail", "database", "web", "fetch", "condense", "feeds");
  private static final List<String> DIGEST =
      List.of(
          "id",
          "title",
          "base-url",
          "schedule",
          "time-zone",
          "window",
          "max-articles",
          "max-per-feed",
          "language",
          "postal-address",
          "templates",
          "data-dir",
          "welcome",
          "images",
          "approval",
          "editors",
          "approval-deadline",
          "approval-deadline-action",
          "cadences",
          "default-cadence",
          "reader-feed-choice");
  private static final List<String> CADENCE = List.of("name", "schedule", "window");
  private static final List<String> MAIL =
      List.of(
          "from",
          "reply-to",
          "unsubscribe-mailto",
          "smtp",
          "rate-per-second",
          "pool",
          "dkim",
          "bounces");
  private static final List<String> BOUNCES =
      List.of("address", "soft-limit", "soft-window", "imap", "webhooks");
  private static final List<String> WEBHOOKS =
      List.of(
          "secret",
          "ses-topic-arn",
          "mailgun-signing-key",
          "sendgrid-public-key",
          "postmark-basic-auth");
  private static final List<String> IMAP =
      List.of("host", "port", "username", "password", "security", "folder", "poll-every");
  private static final List<String> SMTP =
      List.of("host", "port", "username", "password", "security", "connect-timeout", "timeout");
  private static final List<String> DKIM = List.of("domain", "selector", "private-key");
  private static final List<String> DATABASE = List.of("url", "username", "password");
  private static final List<String> WEB =
      List.of("bind", "port", "admin-token", "secret", "trusted-proxies");
  private static final List<String> FETCH =
      List.of(
          "concurrency", "per-host", "connect-timeout", "read-timeout", "max-bytes", "user-agent");
  private static final List<String> CONDENSE =
      List.of(
          "quick-summary-headings",
          "takeaway-headings",
          "mode",
          "endpoint",
          "model",
          "api-key",
          "timeout",
          "budget",
          "token-budget");
  private static final List<String> FEED =
      List.of("url", "name", "category", "full-text", "timeout", "site", "disabled");
  private static final List<String> INCLUDED_TOP = List.of("feeds");

  /** The folder beside feeds.yml whose {@code *.yml} files add feeds. */
  public static final String INCLUDED_DIR = "feeds.d";

  /**
   * Loads {@code file}, interpolating {@code ${VAR}} / {@code ${VAR:-default}} from the
   * environment.
   */
  public static DigestConfig load(Path file) throws ConfigException {
    return load(file, System.getenv());
  }

  /** As {@link #load(Path)}, with an explicit environment (tests). */
  public static DigestConfig load(Path file, java.util.Map<String, String> env)
      throws ConfigException {
    Path absolute = file.toAbsolutePath().normalize();
    Path baseDir =
        absolute.getParent() == null ? Path.of("").toAbsolutePath() : absolute.getParent();
    Section.Source source = new Section.Source(absolute, baseDir, new Interpolator(env), homes());
    Section top = Section.root(source, YamlReader.read(absolute), TOP);

    DigestSettings digest = digest(top.section("digest", DIGEST));
    MailSettings mail = mail(top.section("mail", MAIL), digest);
    DatabaseSettings database = database(top.section("database", DATABASE), digest);
    WebSettings web = web(top.section("web", WEB));
    FetchSettings fetch = fetch(top.section("fetch", FETCH));
    CondenseSettings condense = condense(top.section("condense", CONDENSE));
    List<FeedSettings> feeds = feeds(top, source);
    return new DigestConfig(absolute, digest, mail, database, web, fetch, condense, feeds);
  }

  private static DigestSettings digest(Section s) throws ConfigException {
    String title = s.string("title", "Digest");
    Optional<Section.Value> id = s.value("id");
    Optional<Section.Value> baseUrl = s.value("base-url");
    Optional<Section.Value> schedule = s.value("schedule");
    Optional<Section.Value> zone = s.value("time-zone");
    Optional<Section.Value> language = s.value("language");
    boolean approval = s.choice("approval", List.of("required", "off"), "off").equals("required");
    List<String> editors = s.list("editors", ConfigLoader::editorAddress);
    if (approval && editors.isEmpty()) {
      // Nobody would hear of the draft, and with the default deadline action it would never go.
      throw s.invalid(
          s.value("approval").get(),
          "required needs digest.editors: the addresses that get the \"draft ready\" mail");
    }
    Duration window = s.duration("window", Duration.ofDays(7));
    ZoneId zoneId = zone.isPresent() ? ValueChecks.zone(s, zone.get()) : ZoneId.systemDefault();
    List<Cadence> cadences = cadences(s, schedule, window, zoneId);
    Optional<Section.Value> defaultCadence = s.value("default-cadence");
    String defaultName;
    if (defaultCadence.isPresent()) {
      defaultName = defaultCadence.get().text().trim();
      List<String> names = cadences.stream().map(Cadence::name).toList();
      if (!names.contains(defaultName)) {
        throw s.invalid(
            defaultCadence.get(),
            "expected one of the cadences offered ("
                + String.join(", ", names)
                + "), got '"
                + defaultName
                + "'"
                + Suggestions.didYouMean(defaultName, names));
      }
    } else {
      // The issue's default: weekly when offered, else the first listed.
      defaultName =
          cadences.stream().anyMatch(c -> c.name().equals(Cadence.DEFAULT_NAME))
              ? Cadence.DEFAULT_NAME
              : cadences.isEmpty() ? Cadence.DEFAULT_NAME : cadences.get(0).name();
    }
    return new DigestSettings(
        id.isPresent() ? ValueChecks.id(s, id.get()) : ValueChecks.slug(title),
        title,
        baseUrl.isPresent() ? ValueChecks.baseUrl(s, baseUrl.get()) : "http://localhost:8080",
        schedule.isPresent() ? ValueChecks.cron(s, schedule.get()) : "0 0 8 ? * MON",
        zoneId,
        window,
        s.integer("max-articles", 25, 1, Integer.MAX_VALUE),
        s.integer("max-per-feed", 5, 1, Integer.MAX_VALUE),
        language.isPresent() ? ValueChecks.language(s, language.get()) : "en",
        s.string("postal-address", ""),
        s.path("templates", "templates"),
        s.path("data-dir", "data"),
        s.bool("welcome", true),
        s.bool("images", true),
        approval,
        editors,
        s.optionalDuration("approval-deadline"),
        s.choice(
            "approval-deadline-action",
            List.of(DigestSettings.DEADLINE_DROP, DigestSettings.DEADLINE_SEND),
            DigestSettings.DEADLINE_DROP),
        cadences,
        defaultName,
        s.bool("reader-feed-choice", false));
  }

  /**
   * {@code digest.cadences}: each {@code { name, schedule }}, names unique. With cadences the
   * schedule is per cadence, so {@code digest.schedule} beside them is refused (which one would
   * rule?). Empty when not given: the one cadence is then {@code digest.schedule}'s.
   */
  private static List<Cadence> cadences(
      Section s, Optional<Section.Value> schedule, Duration window, ZoneId zone)
      throws ConfigException {
    List<Section> items = s.sections("cadences", CADENCE);
    if (items.isEmpty()) {
      return List.of();
    }
    if (schedule.isPresent()) {
      throw s.invalid(
          schedule.get(),
          "give each cadence its own schedule under digest.cadences,"
              + " not digest.schedule beside them");
    }
    List<Cadence> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Section c : items) {
      Section.Value name = c.required("name");
      String n = name.text().trim().toLowerCase(java.util.Locale.ROOT);
      if (!n.matches("[a-z0-9][a-z0-9-]{0,39}")) {
        throw c.invalid(
            name,
            "expected up to 40 lowercase letters, digits or '-', got '" + name.text().trim() + "'");
      }
      if (!seen.add(n)) {
        throw c.invalid(name, "cadence '" + n + "' is given twice");
      }
      String cron = ValueChecks.cron(c, c.required("schedule"));
      Optional<Duration> own = c.optionalDuration("window");
      Duration longest = Cadence.longestInterval(cron, zone);
      out.add(new Cadence(n, cron, own.orElse(longest.compareTo(window) > 0 ? longest : window)));
    }
    return out;
  }

  /** An editor's address: a bare address, as the "draft ready" mail goes to it. */
  private static String editorAddress(String text) {
    try {
      InternetAddress a = new InternetAddress(text, true);
      if (a.getAddress() == null || !a.getAddress().contains("@")) {
        throw new IllegalArgumentException("not an e-mail address: '" + text + "'");
      }
      return a.getAddress();
    } catch (jakarta.mail.internet.AddressException e) {
      throw new IllegalArgumentException(
          "not an e-mail address: '" + text + "' (" + e.getMessage() + ")");
    }
  }

  private static MailSettings mail(Section s, DigestSettings digest) throws ConfigException {
    Optional<Section.Value> fromValue = s.value("from");
    String from;
    String fromAddress;
    if (fromValue.isPresent()) {
      InternetAddress address = ValueChecks.mailbox(s, fromValue.get());
      from = fromValue.get().text().trim();
      fromAddress = address.getAddress();
    } else {
      from = defaultFrom(digest.title());
      fromAddress = "digest@localhost";
    }
    Optional<Section.Value> replyTo = s.value("reply-to");
    if (replyTo.isPresent()) {
      ValueChecks.mailbox(s, replyTo.get());
    }
    Optional<Section.Value> unsubscribe = s.value("unsubscribe-mailto");
    return new MailSettings(
        from,
        replyTo.map(v -> v.text().trim()).orElse(""),
        unsubscribe.isPresent() ? ValueChecks.bareAddress(s, unsubscribe.get()) : fromAddress,
        smtp(s.section("smtp", SMTP)),
        s.decimal("rate-per-second", 0, 0),
        s.integer("pool", 4, 1, 1000),
        dkim(s.section("dkim", DKIM)),
        bounces(s.section("bounces", BOUNCES), fromAddress));
  }

  private static BounceSettings bounces(Section s, String fromAddress) throws ConfigException {
    Optional<Section.Value> address = s.value("address");
    Section imap = s.section("imap", IMAP);
    return new BounceSettings(
        address.isPresent() ? ValueChecks.bareAddress(s, address.get()) : fromAddress,
        s.integer("soft-limit", BounceSettings.DEFAULT_SOFT_LIMIT, 1, 100),
        s.duration("soft-window", BounceSettings.DEFAULT_SOFT_WINDOW),
        imap.value("host").isEmpty() ? Optional.empty() : Optional.of(imap(imap)),
        webhooks(s.section("webhooks", WEBHOOKS)));
  }

  private static WebhookSettings webhooks(Section s) throws ConfigException {
    Optional<Section.Value> secret = s.value("secret");
    // In a URL path and guessable by no one: URL-safe characters only, and not short.
    if (secret.isPresent() && !secret.get().text().trim().matches("[A-Za-z0-9._~-]{16,200}")) {
      throw s.invalid(
          secret.get(),
          "must be 16 to 200 of the characters A-Z a-z 0-9 - _ . ~ (it is part of a URL)");
    }
    Optional<Section.Value> arn = s.value("ses-topic-arn");
    if (arn.isPresent()
        && !arn.get()
            .text()
            .trim()
            .matches("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?")) {
      throw s.invalid(
          arn.get(),
          "must be an SNS topic ARN like arn:aws:sns:eu-west-1:123456789012:digest-feedback");
    }
    Optional<Section.Value> key = s.value("sendgrid-public-key");
    if (key.isPresent()) {
      ValueChecks.ecPublicKey(s, key.get());
    }
    Optional<Section.Value> basic = s.value("postmark-basic-auth");
    if (basic.isPresent() && basic.get().text().indexOf(':') <= 0) {
      throw s.invalid(basic.get(), "must be user:password");
    }
    return new WebhookSettings(
        secret.map(v -> v.text().trim()).orElse(""),
        arn.map(v -> v.text().trim()).orElse(""),
        s.value("mailgun-signing-key").map(v -> v.text().trim()).orElse(""),
        key.map(v -> v.text().trim()).orElse(""),
        basic.map(Section.Value::text).orElse(""));
  }

  private static BounceSettings.ImapSettings imap(Section s) throws ConfigException {
    SmtpSettings.Security security =
        SmtpSettings.Security.valueOf(
            s.choice("security", List.of("none", "starttls", "tls"), "tls")
                .toUpperCase(java.util.Locale.ROOT));
    return new BounceSettings.ImapSettings(
        s.required("host").text().trim(),
        s.integer("port", security == SmtpSettings.Security.TLS ? 993 : 143, 1, 65535),
        s.string("username", ""),
        s.value("password").map(Section.Value::text).orElse(""),
        security,
        s.string("folder", "INBOX"),
        s.duration("poll-every", Duration.ofMinutes(1)));
  }

  private static String defaultFrom(String title) {
    try {
      // Quotes the title when it holds specials such as ',' (RFC 5322 3.4).
      return new InternetAddress("digest@localhost", title, StandardCharsets.UTF_8.name())
          .toUnicodeString();
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
  }

  private static SmtpSettings smtp(Section s) throws ConfigException {
    SmtpSettings.Security security =
        SmtpSettings.Security.valueOf(
            s.choice("security", List.of("none", "starttls", "tls"), "starttls")
                .toUpperCase(java.util.Locale.ROOT));
    int defaultPort =
        security == SmtpSettings.Security.TLS
            ? 465
            : security == SmtpSettings.Security.NONE ? 25 : 587;
    return new SmtpSettings(
        s.string("host", ""),
        s.integer("port", defaultPort, 1, 65535),
        s.string("username", ""),
        s.value("password").map(Section.Value::text).orElse(""),
        security,
        s.duration("connect-timeout", Duration.ofSeconds(10)),
        s.duration("timeout", Duration.ofSeconds(30)));
  }

  private static Optional<DkimSettings> dkim(Section s) throws ConfigException {
    // "${DKIM_KEY_FILE:-}" left empty switches DKIM off without editing the file.
    if (s.value("private-key").isEmpty()) {
      return Optional.empty();
    }
    Path key = s.path("private-key", "");
    String domain = s.required("domain").text().trim();
    String selector = s.required("selector").text().trim();
    if (!Files.isRegularFile(key)) {
      throw s.invalid(s.required("private-key"), "key file not found: " + key);
    }
    return Optional.of(new DkimSettings(domain, selector, key));
  }

  private static DatabaseSettings database(Section s, DigestSettings digest)
      throws ConfigException {
    Optional<Section.Value> url = s.value("url");
    String resolved =
        url.isPresent()
            ? ValueChecks.databaseUrl(s, url.get(), s.source().baseDir())
            : "jdbc:h2:file:"
                + ValueChecks.h2Path(digest.dataDir().resolve("digest"))
                + ";AUTO_SERVER=TRUE";
    return new DatabaseSettings(
        resolved,
        s.string("username", ""),
        s.value("password").map(Section.Value::text).orElse(""));
  }

  private static WebSettings web(Section s) throws ConfigException {
    return new WebSettings(
        s.string("bind", "127.0.0.1"),
        s.integer("port", 8080, 0, 65535),
        s.string("admin-token", ""),
        s.string("secret", ""),
        s.list("trusted-proxies", AddressRange::parse));
  }

  private static FetchSettings fetch(Section s) throws ConfigException {
    FetchSettings d = FetchSettings.defaults();
    return new FetchSettings(
        s.integer("concurrency", d.concurrency(), 1, 1024),
        s.integer("per-host", d.perHost(), 1, 1024),
        s.duration("connect-timeout", d.connectTimeout()),
        s.duration("read-timeout", d.readTimeout()),
        s.size("max-bytes", d.maxBytes()),
        s.string("user-agent", d.userAgent()));
  }

  private static CondenseSettings condense(Section s) throws ConfigException {
    List<String> quick = s.strings("quick-summary-headings");
    List<String> takeaways = s.strings("takeaway-headings");
    String mode = s.choice("mode", List.of("extractive", "llm"), "extractive");
    Optional<Section.Value> endpoint = s.value("endpoint");
    if (endpoint.isPresent()) {
      ValueChecks.httpUrl(s, endpoint.get());
    }
    String model = s.string("model", "");
    String apiKey = s.string("api-key", "");
    Duration timeout = s.duration("timeout", Duration.ofSeconds(30));
    int budget = s.integer("budget", 100, 0, Integer.MAX_VALUE);
    int tokenBudget = s.integer("token-budget", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    Optional<LlmSettings> llm = Optional.empty();
    if (mode.equals("llm")) {
      String url = s.required("endpoint").text().trim();
      s.required("model");
      llm = Optional.of(new LlmSettings(url, model, apiKey, timeout, budget, tokenBudget));
    }
    return new CondenseSettings(quick, takeaways, llm);
  }

  private static List<FeedSettings> feeds(Section top, Section.Source source)
      throws ConfigException {
    List<FeedSettings> feeds = new ArrayList<>();
    Map<String, Place> seen = new HashMap<>();
    addFeeds(top, feeds, seen);
    for (Path included : includedFiles(source.baseDir())) {
      Section.Source s =
          new Section.Source(included, source.baseDir(), source.interpolator(), source.homes());
      addFeeds(Section.root(s, YamlReader.read(included), INCLUDED_TOP), feeds, seen);
    }
    if (feeds.isEmpty()) {
      throw new ConfigException(
          top.source().file(),
          top.lineOf("feeds"),
          "feeds",
          "at least one feed is required, e.g. feeds: [ { url: https://example.org/feed.xml } ]");
    }
    return feeds;
  }

  /** Where a feed was first given, for the message about a second one. */
  private record Place(Path file, String path, int line) {}

  private static void addFeeds(Section top, List<FeedSettings> feeds, Map<String, Place> seen)
      throws ConfigException {
    Path file = top.source().file();
    for (Section e : top.sections("feeds", FEED)) {
      Section.Value urlValue = e.required("url");
      String url = ValueChecks.feedUrl(e, urlValue, top.source().baseDir());
      Place first =
          seen.putIfAbsent(ValueChecks.sameFeedKey(url), new Place(file, e.path(), e.line()));
      if (first != null) {
        String where =
            first.file().equals(file)
                ? " (line " + first.line() + ")"
                : " (" + ConfigException.displayName(first.file()) + " line " + first.line() + ")";
        throw e.invalid(urlValue, "duplicate feed URL, already given as " + first.path() + where);
      }
      Optional<Section.Value> site = e.value("site");
      feeds.add(
          new FeedSettings(
              url,
              e.string("name", ""),
              e.string("category", ""),
              e.bool("full-text", false),
              e.optionalDuration("timeout"),
              e.line(),
              site.isPresent() ? ValueChecks.httpUrl(e, site.get()).toString() : "",
              e.bool("disabled", false)));
    }
  }

  /** {@code feeds.d/*.yml} beside the config file, sorted by name; none when there is no folder. */
  public static List<Path> includedFiles(Path baseDir) throws ConfigException {
    Path dir = baseDir.resolve(INCLUDED_DIR);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    try (java.nio.file.DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.yml")) {
      for (Path f : s) {
        // Editors and our own writer keep temporary files as dot files: never half a list.
        if (!f.getFileName().toString().startsWith(".") && !Files.isDirectory(f)) {
          files.add(f);
        }
      }
    } catch (java.io.IOException e) {
      throw new ConfigException(dir, 0, "", "cannot list " + dir + ": " + e.getMessage());
    }
    files.sort(null);
    return files;
  }

  /**
   * The key two URLs share when they name the same feed (scheme and host case, an empty path and
   * "/" alike): what duplicates are told apart by, here and in {@code digest feeds import}.
   */
  public static String sameFeedKey(String url) {
    return ValueChecks.sameFeedKey(url);
  }

  /**
   * The feed entries of one included file alone (no other file read, no duplicate check across
   * files): how a writer checks the file it is about to put in place.
   */
  public static List<FeedSettings> readIncluded(Path file, Path baseDir) throws ConfigException {
    Section.Source s =
        new Section.Source(file, baseDir, new Interpolator(System.getenv()), homes());
    List<FeedSettings> feeds = new ArrayList<>();
    addFeeds(Section.root(s, YamlReader.read(file), INCLUDED_TOP), feeds, new HashMap<>());
    return feeds;
  }

  /** For each key, the sections it is valid in ({@code host} -> {@code mail.smtp}). */
  private static Map<String, List<String>> homes() {
    Map<String, List<String>> homes = new java.util.TreeMap<>();
    for (String path : knownKeys()) {
      int dot = path.lastIndexOf('.');
      homes
          .computeIfAbsent(path.substring(dot + 1), k -> new ArrayList<>())
          .add(path.substring(0, dot));
    }
    return homes;
  }

  /** Every key of feeds.yml as a dotted path ({@code feeds[].url} for feed entries). */
  static Set<String> knownKeys() {
    Set<String> keys = new java.util.TreeSet<>();
    DIGEST.forEach(k -> keys.add("digest." + k));
    MAIL.forEach(k -> keys.add("mail." + k));
    SMTP.forEach(k -> keys.add("mail.smtp." + k));
    DKIM.forEach(k -> keys.add("mail.dkim." + k));
    BOUNCES.forEach(k -> keys.add("mail.bounces." + k));
    IMAP.forEach(k -> keys.add("mail.bounces.imap." + k));
    WEBHOOKS.forEach(k -> keys.add("mail.bounces.webhooks." + k));
    DATABASE.forEach(k -> keys.add("database." + k));
    WEB.forEach(k -> keys.add("web." + k));
    FETCH.forEach(k -> keys.add("fetch." + k));
    CONDENSE.forEach(k -> keys.add("condense." + k));
    FEED.forEach(k -> keys.add("feeds[]." + k));
    return keys;
  }

  private ConfigLoader() {}
}
