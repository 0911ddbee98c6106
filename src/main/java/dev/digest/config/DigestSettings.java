package dev.digest.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The {@code digest:} section: what the digest is called, where it lives and when it goes out.
 *
 * @param id short stable identifier of the digest (List-Id, Quartz job name), derived from the
 *     title when not given
 * @param baseUrl public URL of the web site, without trailing slash; used for links in mails
 * @param schedule Quartz cron expression
 * @param window how far back an edition looks for articles at most
 * @param language BCP 47 tag for the {@code lang} attribute of mails and pages
 * @param postalAddress the sender's postal address for the mail footer (may be empty)
 * @param templates folder of the Thymeleaf templates (absolute)
 * @param dataDir folder for the H2 database, the generated secret and other state (absolute)
 * @param welcome whether a reader gets a welcome mail with the latest edition on confirming
 * @param images whether an item shows the thumbnail its feed names ({@code digest.images})
 */
public record DigestSettings(
    String id,
    String title,
    String baseUrl,
    String schedule,
    ZoneId timeZone,
    Duration window,
    int maxArticles,
    int maxPerFeed,
    String language,
    String postalAddress,
    Path templates,
    Path dataDir,
    boolean welcome,
    boolean images) {

  /** Settings with the welcome mail and thumbnails on (their defaults). */
  public DigestSettings(
      String id,
      String title,
      String baseUrl,
      String schedule,
      ZoneId timeZone,
      Duration window,
      int maxArticles,
      int maxPerFeed,
      String language,
      String postalAddress,
      Path templates,
      Path dataDir) {
    this(id, title, baseUrl, schedule, timeZone, window, maxArticles, maxPerFeed, language,
        postalAddress, templates, dataDir, true, true);
  }
}
