package dev.digest.bench;

import dev.digest.config.DigestSettings;
import dev.digest.config.MailSettings;
import dev.digest.config.SmtpSettings;
import dev.digest.edition.Edition;
import dev.digest.edition.EditionItem;
import dev.digest.mail.BodyTemplate;
import dev.digest.mail.MailBody;
import dev.digest.mail.OutgoingMail;
import dev.digest.render.DigestTemplate;
import dev.digest.render.PersonalLinks;
import dev.digest.render.RenderedDigest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** A deterministic, realistic-looking edition of {@code n} items for benchmarks and sample mails. */
public final class SampleEdition {

  public static final Instant BUILT = Instant.parse("2026-11-23T07:00:00Z");

  private static final String[] SOURCES = {"Ars Technica", "The Verge", "Nature News",
      "Quanta Magazine", "LWN.net", "Hacker News", "Der Spiegel", "BBC Future"};
  private static final String[] CATEGORIES = {"Tech", "Science", "Open Source", "Culture", ""};
  private static final String[] SUBJECTS = {"battery chemistry", "a new compiler release",
      "coral reef recovery", "the city's tram network", "open-source funding", "protein folding",
      "a kernel scheduler change", "urban heat islands", "deep-sea mining rules",
      "the museum's new wing", "an exoplanet atmosphere", "database replication"};
  private static final String[] VERBS = {"explains", "questions", "measures", "rethinks",
      "documents", "compares"};

  private SampleEdition() {}

  public static DigestSettings settings(Path templates) {
    return new DigestSettings("weekly-brief", "The Weekly Brief", "https://brief.example.org",
        "0 0 8 ? * MON", ZoneId.of("Europe/Berlin"), Duration.ofDays(7), 25, 5, "en",
        "Example Media GmbH, Beispielstraße 1, 10115 Berlin, Germany", templates,
        Path.of("target/data"));
  }

  public static MailSettings mailSettings() {
    return new MailSettings("The Weekly Brief <brief@example.org>", "", "unsubscribe@example.org",
        new SmtpSettings("127.0.0.1", 2525, "", "", SmtpSettings.Security.NONE,
            Duration.ofSeconds(5), Duration.ofSeconds(30)), 0, 4, Optional.empty());
  }

  /** As {@link #mailSettings()} with DKIM, signing with a fresh RSA-2048 key in a temp file. */
  public static MailSettings dkimMailSettings() {
    try {
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      Path pem = java.nio.file.Files.createTempFile("dkim", ".pem");
      pem.toFile().deleteOnExit();
      java.nio.file.Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
          + java.util.Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n");
      MailSettings base = mailSettings();
      return new MailSettings(base.from(), base.replyTo(), base.unsubscribeMailto(), base.smtp(),
          base.ratePerSecond(), base.pool(),
          Optional.of(new dev.digest.config.DkimSettings("example.org", "digest", pem)));
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Edition edition(int n) {
    Random r = new Random(12);
    List<EditionItem> items = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String subject = SUBJECTS[r.nextInt(SUBJECTS.length)];
      String source = SOURCES[r.nextInt(SOURCES.length)];
      String title = capitalize(VERBS[r.nextInt(VERBS.length)]) + ": what " + subject
          + " means for the next decade (part " + i + ")";
      List<String> quick = List.of(
          "A new report on " + subject + " finds that the effect is larger than most experts"
              + " expected, with results replicated in three independent studies.",
          "The authors argue that the change will reach everyday life within five years.");
      List<String> takeaways = new ArrayList<>();
      int t = 3 + r.nextInt(3);
      for (int k = 1; k <= t; k++) {
        takeaways.add("Point " + k + " on " + subject + ": costs fell by " + (10 + r.nextInt(60))
            + "% since 2020, while adoption grew in " + (2 + r.nextInt(20)) + " countries.");
      }
      items.add(new EditionItem("https://news.example.com/" + i, i, title,
          "https://news.example.com/2026/11/" + subject.replace(' ', '-') + "-" + i, source,
          CATEGORIES[r.nextInt(CATEGORIES.length)], "A. Writer",
          BUILT.minus(Duration.ofHours(3L * i)), 2 + r.nextInt(12), quick, takeaways,
          "sections", List.of()));
    }
    return new Edition("weekly-brief", 12, "The Weekly Brief", BUILT.minus(Duration.ofDays(7)),
        BUILT, BUILT, items);
  }

  /** What the delivery stage hands the mailer for subscriber {@code id}. */
  public static OutgoingMail mail(RenderedDigest digest, int id) {
    return mail(Bodies.of(digest), id);
  }

  /**
   * An edition's bodies as the delivery stage keeps them for a run: the stored template, and its
   * bodies encoded once around the placeholder.
   */
  public record Bodies(DigestTemplate template, BodyTemplate text, BodyTemplate html) {
    public static Bodies of(RenderedDigest d) {
      DigestTemplate t = d.template();
      return new Bodies(t, BodyTemplate.of(t.text(), DigestTemplate.UNSUBSCRIBE_URL),
          BodyTemplate.of(t.html(), DigestTemplate.UNSUBSCRIBE_URL));
    }
  }

  /** As {@link #mail(RenderedDigest, int)} with the run's templates. */
  public static OutgoingMail mail(Bodies bodies, int id) {
    String token = "s" + id + ".k9f3a0c27e1b";
    String unsubscribe = "https://brief.example.org/unsubscribe/" + token;
    // Filled as delivery fills it (DigestTemplate.fill): the reader's values go into the lines
    // the mailer keeps encoded.
    DigestTemplate.Filled filled = bodies.template().fill(new PersonalLinks(unsubscribe));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("List-Id", "The Weekly Brief <weekly-brief.brief.example.org>");
    headers.put("List-Unsubscribe", "<" + unsubscribe + ">, <mailto:unsubscribe@example.org?subject="
        + token + ">");
    headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    return new OutgoingMail("The Weekly Brief <brief@example.org>",
        "Reader " + id + " <reader" + id + "@example.com>", filled.subject(),
        new MailBody(bodies.text(), filled.textValue()),
        new MailBody(bodies.html(), filled.htmlValue()),
        "e12.s" + id + ".weekly-brief@brief.example.org", BUILT, headers);
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
