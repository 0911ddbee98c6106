package dev.digest.web;

import dev.digest.app.FeedAdd;
import dev.digest.app.FeedHealth;
import dev.digest.app.FeedHealthView;
import dev.digest.app.ImportedFeedEdits;
import dev.digest.config.ConfigException;
import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import dev.digest.config.FeedSettings;
import dev.digest.config.ImportedFeeds;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/feeds}: every configured feed with its health, a form to add one by its URL or its
 * site's, and disable, enable and remove for the feeds of {@code feeds.d/imported.yml}. Those
 * changes land in that file, the one {@code digest feeds import} writes; feeds.yml is the
 * operator's and is only shown (it is never rewritten, so its comments stay). A running serve
 * reloads the file by itself. The admin guard of {@link AdminPages} covers {@code /admin/*}, and
 * every form carries the CSRF token.
 */
final class FeedPages {

  private static final Logger log = LoggerFactory.getLogger(FeedPages.class);

  static final String PATH = "/admin/feeds";

  /** What a redirect after a change says, by the {@code done} it carries (never free text). */
  private static final Map<String, String> DONE =
      Map.of(
          "added", "Added %s. The running digest picks it up within a few seconds.",
          "disabled", "Disabled %s: it is no longer fetched.",
          "enabled", "Enabled %s: the next run fetches it.",
          "removed", "Removed %s from feeds.d/imported.yml.");

  private final Path baseDir;
  private final Supplier<DigestConfig> live;
  private final FeedHealthView health;
  private final Clock clock;
  private final Pages pages;
  private final Csrf csrf;

  /**
   * @param baseDir the folder of the feeds.yml the process was opened with (feeds.d/ is in it)
   * @param live the configuration as last reloaded: a feed is added against its feed list
   */
  FeedPages(
      Path baseDir,
      Supplier<DigestConfig> live,
      FeedHealthView health,
      Clock clock,
      Pages pages,
      Csrf csrf) {
    this.baseDir = baseDir;
    this.live = live;
    this.health = health;
    this.clock = clock;
    this.pages = pages;
    this.csrf = csrf;
  }

  /** Registered after {@link AdminPages#routes}, whose {@code /admin/*} guard runs first. */
  void routes(RoutesConfig r) {
    r.get(PATH, ctx -> page(ctx, 200, "", ""));
    r.post(PATH + "/add", this::add);
    r.post(PATH + "/disable", ctx -> edit(ctx, "disabled"));
    r.post(PATH + "/enable", ctx -> edit(ctx, "enabled"));
    r.post(PATH + "/remove", ctx -> edit(ctx, "removed"));
  }

  private void add(Context ctx) throws IOException {
    if (!csrf.valid(ctx)) {
      expired(ctx);
      return;
    }
    String url = Optional.ofNullable(ctx.formParam("url")).orElse("");
    FeedAdd.Outcome outcome;
    try {
      outcome = FeedAdd.run(live.get(), url, clock);
    } catch (ConfigException e) {
      page(
          ctx,
          500,
          url,
          "feeds.d/imported.yml does not load, so nothing was added: " + e.getMessage());
      return;
    }
    if (outcome instanceof FeedAdd.Added added) {
      log.info(
          "admin feed added feed_url={} site={} items={}",
          added.feedUrl(),
          added.site(),
          added.items());
      done(ctx, "added", added.feedUrl());
    } else if (outcome instanceof FeedAdd.Duplicate dup) {
      page(ctx, 409, url, dup.feedUrl() + " is already configured: nothing was added.");
    } else {
      page(ctx, 400, url, ((FeedAdd.Refused) outcome).reason());
    }
  }

  /** Disable, enable or remove: only for an entry of imported.yml. */
  private void edit(Context ctx, String what) throws IOException {
    if (!csrf.valid(ctx)) {
      expired(ctx);
      return;
    }
    String url = Optional.ofNullable(ctx.formParam("url")).orElse("");
    boolean changed;
    try {
      changed =
          switch (what) {
            case "disabled" -> ImportedFeedEdits.setDisabled(baseDir, url, true);
            case "enabled" -> ImportedFeedEdits.setDisabled(baseDir, url, false);
            default -> ImportedFeedEdits.remove(baseDir, url);
          };
    } catch (ConfigException e) {
      page(
          ctx,
          500,
          "",
          "feeds.d/imported.yml does not load, so nothing was changed: " + e.getMessage());
      return;
    }
    if (!changed) {
      page(
          ctx,
          400,
          "",
          url
              + " is not in feeds.d/imported.yml: only feeds added here or by"
              + " `digest feeds import` can be changed on this page; edit feeds.yml to change the others.");
      return;
    }
    log.info("admin feed {} feed_url={}", what, url);
    done(ctx, what, url);
  }

  private void expired(Context ctx) {
    pages.message(ctx, 403, "Form expired", "Please reload the admin page and try again.");
  }

  /** Post/redirect/get: a reload of the page does not send the form again. */
  private static void done(Context ctx, String what, String url) {
    ctx.redirect(
        PATH + "?done=" + what + "&url=" + URLEncoder.encode(url, StandardCharsets.UTF_8),
        HttpStatus.SEE_OTHER);
  }

  private void page(Context ctx, int status, String url, String error) {
    Map<String, Object> vars = new HashMap<>();
    List<FeedSettings> imported;
    try {
      imported = ImportedFeedEdits.list(baseDir);
    } catch (ConfigException e) {
      imported = List.of();
      if (error.isEmpty()) {
        error = "feeds.d/imported.yml does not load: " + e.getMessage();
      }
    }
    vars.put("feeds", rows(health.all(), imported, otherIncluded(), clock.instant()));
    vars.put("csrf", csrf.token(ctx));
    vars.put("url", url);
    vars.put("error", error);
    String done =
        Optional.ofNullable(DONE.get(Optional.ofNullable(ctx.queryParam("done")).orElse("")))
            .map(t -> t.formatted(Optional.ofNullable(ctx.queryParam("url")).orElse("the feed")))
            .orElse("");
    vars.put("notice", done);
    pages.render(ctx, status, "feeds.html", vars);
  }

  /**
   * One plain map per feed for the template: the loaded feeds with their health, then the entries
   * of imported.yml the running configuration does not have yet (added a moment ago). A feed of
   * imported.yml takes its disabled flag from the file, which may be a reload ahead.
   */
  static List<Map<String, Object>> rows(
      List<FeedHealth> health,
      List<FeedSettings> imported,
      Map<String, String> otherFiles,
      Instant now) {
    Map<String, FeedSettings> inFile = new LinkedHashMap<>();
    imported.forEach(f -> inFile.put(ConfigLoader.sameFeedKey(f.url()), f));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (FeedHealth h : health) {
      String key = ConfigLoader.sameFeedKey(h.url());
      FeedSettings entry = inFile.remove(key);
      Map<String, Object> row = new HashMap<>();
      row.put("url", h.url());
      row.put("status", h.lastStatus() == 0 ? "never fetched" : String.valueOf(h.lastStatus()));
      row.put("items", h.lastStatus() == 0 ? "-" : String.valueOf(h.itemsLastFetch()));
      row.put("failures", h.consecutiveFailures());
      row.put("lastError", h.lastError().isEmpty() ? "-" : h.lastError());
      row.put("lastSuccess", h.lastSuccessAt().map(FeedPages::time).orElse("-"));
      row.put(
          "nextRetry", h.nextRetry().filter(t -> t.isAfter(now)).map(FeedPages::time).orElse("-"));
      row.put("disabled", entry != null ? entry.disabled() : h.disabled());
      row.put("imported", entry != null);
      row.put("pending", false);
      row.put("bad", h.consecutiveFailures() > 0);
      row.put(
          "note",
          entry != null ? "" : "edit " + otherFiles.getOrDefault(key, "feeds.yml") + " to change");
      rows.add(row);
    }
    for (FeedSettings f : inFile.values()) {
      Map<String, Object> row = new HashMap<>();
      row.put("url", f.url());
      row.put("status", "added, not loaded yet");
      row.put("items", "-");
      row.put("failures", 0);
      row.put("lastError", "-");
      row.put("lastSuccess", "-");
      row.put("nextRetry", "-");
      row.put("disabled", f.disabled());
      row.put("imported", true);
      row.put("pending", true);
      row.put("bad", false);
      row.put("note", "");
      rows.add(row);
    }
    return rows;
  }

  /**
   * The feeds of the other {@code feeds.d/*.yml} files, by feed key, with the file to name in the
   * read-only note. A file that does not load is left out: the reload report names its error.
   */
  private Map<String, String> otherIncluded() {
    Map<String, String> out = new HashMap<>();
    try {
      for (Path file : ConfigLoader.includedFiles(baseDir)) {
        if (file.getFileName().toString().equals(ImportedFeeds.FILE_NAME)) {
          continue;
        }
        try {
          for (FeedSettings f : ConfigLoader.readIncluded(file, baseDir)) {
            out.put(
                ConfigLoader.sameFeedKey(f.url()),
                ConfigLoader.INCLUDED_DIR + "/" + file.getFileName());
          }
        } catch (ConfigException e) {
          // shown as feeds.yml's: the best guess while that file is broken
        }
      }
    } catch (ConfigException e) {
      return out;
    }
    return out;
  }

  private static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
