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
 * @param approval whether an edition waits as a draft for an editor's approval ({@code
 *     digest.approval: required}) or goes out as built ({@code off})
 * @param editors who gets the "draft ready" mail ({@code digest.editors})
 * @param approvalDeadline how long after it is built a draft waits for approval; empty for ever
 * @param approvalDeadlineAction what happens to a draft at its deadline: {@code drop} or {@code
 *     send}
 * @param cadences the cadences readers may choose, each with its cron; one ({@value
 *     Cadence#DEFAULT_NAME} on {@code schedule}) when feeds.yml lists none
 * @param defaultCadence the cadence of a reader who chose none (new subscribers)
 * @param readerFeedChoice whether a reader may also leave out single feeds ({@code
 *     digest.reader-feed-choice}), beside topics
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
    boolean images,
    boolean approval,
    java.util.List<String> editors,
    java.util.Optional<Duration> approvalDeadline,
    String approvalDeadlineAction,
    java.util.List<Cadence> cadences,
    String defaultCadence,
    boolean readerFeedChoice) {

  /** {@code digest.approval-deadline-action}: the draft is discarded at its deadline. */
  public static final String DEADLINE_DROP = "drop";

  /** {@code digest.approval-deadline-action}: the draft is sent at its deadline as it stands. */
  public static final String DEADLINE_SEND = "send";

  public DigestSettings {
    editors = java.util.List.copyOf(editors);
    cadences =
        cadences == null || cadences.isEmpty()
            ? java.util.List.of(new Cadence(Cadence.DEFAULT_NAME, schedule, window))
            : java.util.List.copyOf(cadences);
    defaultCadence =
        defaultCadence == null || defaultCadence.isEmpty()
            ? cadences.get(0).name()
            : defaultCadence;
  }

  /** Settings without a reader's choice of single feeds (the default). */
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
      Path dataDir,
      boolean welcome,
      boolean images,
      boolean approval,
      java.util.List<String> editors,
      java.util.Optional<Duration> approvalDeadline,
      String approvalDeadlineAction,
      java.util.List<Cadence> cadences,
      String defaultCadence) {
    this(
        id,
        title,
        baseUrl,
        schedule,
        timeZone,
        window,
        maxArticles,
        maxPerFeed,
        language,
        postalAddress,
        templates,
        dataDir,
        welcome,
        images,
        approval,
        editors,
        approvalDeadline,
        approvalDeadlineAction,
        cadences,
        defaultCadence,
        false);
  }

  /** Settings with approval and no cadences of their own (one: {@code schedule}). */
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
      Path dataDir,
      boolean welcome,
      boolean images,
      boolean approval,
      java.util.List<String> editors,
      java.util.Optional<Duration> approvalDeadline,
      String approvalDeadlineAction) {
    this(
        id,
        title,
        baseUrl,
        schedule,
        timeZone,
        window,
        maxArticles,
        maxPerFeed,
        language,
        postalAddress,
        templates,
        dataDir,
        welcome,
        images,
        approval,
        editors,
        approvalDeadline,
        approvalDeadlineAction,
        java.util.List.of(),
        "");
  }

  /** The cadence named {@code name}, if feeds.yml offers it. */
  public java.util.Optional<Cadence> cadence(String name) {
    return cadences.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The longest window of any cadence: how long fetched articles must be kept. */
  public Duration longestWindow() {
    Duration longest = window;
    for (Cadence c : cadences) {
      longest = c.window().compareTo(longest) > 0 ? c.window() : longest;
    }
    return longest;
  }

  /** The default cadence (always offered). */
  public Cadence defaultCadenceSettings() {
    return cadence(defaultCadence).orElse(cadences.get(0));
  }

  /** The names of the cadences offered, in feeds.yml's order. */
  public java.util.List<String> cadenceNames() {
    return cadences.stream().map(Cadence::name).toList();
  }

  /** Settings without approval (the default: an edition goes out as built). */
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
      Path dataDir,
      boolean welcome,
      boolean images) {
    this(
        id,
        title,
        baseUrl,
        schedule,
        timeZone,
        window,
        maxArticles,
        maxPerFeed,
        language,
        postalAddress,
        templates,
        dataDir,
        welcome,
        images,
        false,
        java.util.List.of(),
        java.util.Optional.empty(),
        DEADLINE_DROP);
  }

  /** The same settings with approval required, these editors and this deadline (tests, CLI). */
  public DigestSettings withApproval(
      boolean required,
      java.util.List<String> editorAddresses,
      java.util.Optional<Duration> deadline,
      String deadlineAction) {
    return new DigestSettings(
        id,
        title,
        baseUrl,
        schedule,
        timeZone,
        window,
        maxArticles,
        maxPerFeed,
        language,
        postalAddress,
        templates,
        dataDir,
        welcome,
        images,
        required,
        editorAddresses,
        deadline,
        deadlineAction,
        cadences,
        defaultCadence,
        readerFeedChoice);
  }

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
    this(
        id,
        title,
        baseUrl,
        schedule,
        timeZone,
        window,
        maxArticles,
        maxPerFeed,
        language,
        postalAddress,
        templates,
        dataDir,
        true,
        true);
  }
}
