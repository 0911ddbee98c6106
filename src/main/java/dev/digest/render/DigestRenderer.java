package dev.digest.render;

import dev.digest.config.DigestSettings;
import dev.digest.edition.Edition;
import dev.digest.edition.EditionItem;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders an edition to mail HTML (CSS inlined) and plain text from {@code templates/digest.html}
 * and {@code templates/digest.txt}. Templates are read from disk on every render, so editing them
 * changes the next preview without a rebuild. Thread-safe.
 *
 * <p>The HTML part is kept under Gmail's clipping limit: when the full edition is too big, the
 * lowest-ranked items are left out of both parts and a "N more in the web archive" line links the
 * archive.
 */
public final class DigestRenderer {

  /** Gmail clips messages whose HTML exceeds 102 KB; keep a margin for the personal links. */
  public static final int DEFAULT_MAX_HTML_BYTES = 100_000;

  static final int WRAP_COLUMNS = 76;

  /** The thumbnail's width in the mail (the template's width attribute and CSS say the same). */
  static final int THUMB_WIDTH = 96;

  private static final int SUBJECT_TITLE_CHARS = 60;
  private static final int TOC_THRESHOLD = 6;
  private static final Logger log = LoggerFactory.getLogger(DigestRenderer.class);

  private final DigestSettings settings;
  private final TemplateRenderer templates;
  private final CssInliner inliner = new CssInliner();
  private final int maxHtmlBytes;
  private final Locale locale;
  private final DateTimeFormatter dateFormat;

  public DigestRenderer(DigestSettings settings) {
    this(settings, DEFAULT_MAX_HTML_BYTES);
  }

  /** As {@link #DigestRenderer(DigestSettings)} with another HTML size cap (bytes of UTF-8). */
  public DigestRenderer(DigestSettings settings, int maxHtmlBytes) {
    this.settings = settings;
    this.templates = new TemplateRenderer(settings.templates());
    this.maxHtmlBytes = maxHtmlBytes;
    this.locale = Locale.forLanguageTag(language());
    this.dateFormat =
        DateTimeFormatter.ofPattern("d MMM yyyy", locale).withZone(settings.timeZone());
  }

  public RenderedDigest render(Edition edition) {
    List<EditionItem> ranked = new ArrayList<>(edition.items());
    ranked.sort(Comparator.comparingInt(EditionItem::position));
    String subject = subject(edition, ranked);
    String preheader = preheader(ranked);

    String html = html(edition, ranked, ranked.size(), subject, preheader);
    int keep = ranked.size();
    if (bytes(html) > maxHtmlBytes) {
      // Binary search the largest prefix (by rank) whose HTML fits: ~log2(n) renders.
      int lo = 0;
      int hi = ranked.size() - 1;
      String best = html(edition, ranked, 0, subject, preheader);
      while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        String candidate = html(edition, ranked, mid, subject, preheader);
        if (bytes(candidate) <= maxHtmlBytes) {
          lo = mid;
          best = candidate;
        } else {
          hi = mid - 1;
        }
      }
      keep = lo;
      html = best;
      log.info(
          "digest_html_cut edition={} items={} kept={} bytes={}",
          edition.number(),
          ranked.size(),
          keep,
          bytes(html));
    }
    String text = text(edition, ranked, keep);
    return new RenderedDigest(new DigestTemplate(subject, html, text), preheader);
  }

  private String html(
      Edition edition, List<EditionItem> ranked, int keep, String subject, String preheader) {
    Map<String, Object> model = model(edition, ranked, keep);
    model.put("subject", subject);
    model.put("preheader", preheader);
    String raw = templates.render("digest.html", model, language());
    Document doc = Jsoup.parse(raw);
    inliner.inline(doc);
    // ASCII output (other characters as entities): the Java string stays compact (Latin-1), so
    // per-subscriber replace and UTF-8 encoding are plain array copies, and no client can
    // mis-decode the charset.
    doc.outputSettings()
        .prettyPrint(false)
        .charset(StandardCharsets.US_ASCII)
        .escapeMode(Entities.EscapeMode.base);
    return doc.outerHtml();
  }

  private String text(Edition edition, List<EditionItem> ranked, int keep) {
    String raw = templates.render("digest.txt", model(edition, ranked, keep), language());
    return TextWrapper.tidy(raw, WRAP_COLUMNS);
  }

  private Map<String, Object> model(Edition edition, List<EditionItem> ranked, int keep) {
    List<EditionItem> kept = ranked.subList(0, keep);
    String archiveUrl = archiveUrl(edition);
    Map<String, List<Map<String, Object>>> byCategory = new LinkedHashMap<>();
    for (EditionItem item : kept) {
      Map<String, Object> view = item(item, archiveUrl);
      String category = item.category() == null ? "" : item.category().strip();
      byCategory.computeIfAbsent(category, c -> new ArrayList<>()).add(view);
    }
    // Categories in the order of their best-ranked item; uncategorised items last.
    List<Map<String, Object>> groups = new ArrayList<>();
    boolean named = byCategory.keySet().stream().anyMatch(c -> !c.isEmpty());
    for (Map.Entry<String, List<Map<String, Object>>> e : byCategory.entrySet()) {
      if (!e.getKey().isEmpty()) {
        groups.add(group(e.getKey(), true, e.getValue()));
      }
    }
    if (byCategory.containsKey("")) {
      groups.add(group("More", named, byCategory.get("")));
    }
    // The contents list and the numbers follow the order a reader meets the items in, group by
    // group (the text part numbered them by rank: "1. 4. 2. 5." under three categories). An item's
    // place in the edition, which the editor's commands use, stays "position".
    List<Map<String, Object>> items = new ArrayList<>();
    for (Map<String, Object> g : groups) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> inGroup = (List<Map<String, Object>>) g.get("items");
      for (Map<String, Object> view : inGroup) {
        items.add(view);
        view.put("number", items.size());
      }
    }
    Map<String, Object> model = new HashMap<>();
    model.put("lang", language());
    model.put("title", edition.title());
    model.put("number", edition.number());
    model.put("editionLine", editionLine(edition, ranked.size()));
    model.put("items", items);
    model.put("groups", groups);
    model.put("showToc", keep > TOC_THRESHOLD);
    model.put("moreCount", ranked.size() - keep);
    model.put("archiveUrl", archiveUrl);
    model.put("unsubscribeUrl", DigestTemplate.UNSUBSCRIBE_URL);
    model.put("baseUrl", settings.baseUrl());
    model.put("postalAddress", settings.postalAddress() == null ? "" : settings.postalAddress());
    model.put("noteHtml", EditorNote.html(edition.note()));
    model.put("noteText", EditorNote.text(edition.note()));
    return model;
  }

  private static Map<String, Object> group(
      String name, boolean showName, List<Map<String, Object>> items) {
    Map<String, Object> g = new HashMap<>();
    g.put("name", name);
    g.put("showName", showName);
    g.put("items", items);
    return g;
  }

  private Map<String, Object> item(EditionItem item, String archiveUrl) {
    Map<String, Object> v = new HashMap<>();
    String source = item.source() == null ? "" : item.source().strip();
    v.put("anchor", "item-" + item.position());
    v.put("position", item.position());
    v.put("title", oneLine(item.title()));
    v.put("link", safeUrl(item.link(), archiveUrl));
    // Checked when the edition was built; again here, as the stored row is read back.
    v.put("image", safeUrl(item.imageUrl(), ""));
    // The thumbnail is THUMB_WIDTH px wide; its height follows the image's own proportions when
    // the image was measured (clients without CSS then draw it right), else it is left out.
    v.put(
        "imageHeight",
        item.imageWidth() > 0
            ? String.valueOf(
                Math.max(
                    1, Math.round((float) THUMB_WIDTH * item.imageHeight() / item.imageWidth())))
            : "");
    v.put("source", source);
    v.put("meta", meta(item, source));
    v.put("quickSummary", item.quickSummary().stream().map(DigestRenderer::oneLine).toList());
    v.put("takeaways", item.takeaways().stream().map(DigestRenderer::oneLine).toList());
    v.put("comment", oneLine(item.comment()));
    return v;
  }

  private String meta(EditionItem item, String source) {
    List<String> parts = new ArrayList<>();
    if (!source.isEmpty()) {
      parts.add(source);
    }
    if (item.published() != null) {
      parts.add(dateFormat.format(item.published()));
    }
    if (item.readingMinutes() > 0) {
      parts.add(item.readingMinutes() + " min read");
    }
    if (!item.alsoIn().isEmpty()) {
      parts.add("also in " + String.join(", ", item.alsoIn()));
    }
    return String.join(" · ", parts);
  }

  private String editionLine(Edition edition, int count) {
    Instant when = edition.builtAt() != null ? edition.builtAt() : edition.windowEnd();
    String line = "Edition #" + edition.number();
    if (when != null) {
      line += " · " + dateFormat.format(when);
    }
    return line + " · " + count + (count == 1 ? " article" : " articles");
  }

  static String subject(Edition edition, List<EditionItem> ranked) {
    String base = edition.title() + " #" + edition.number();
    if (ranked.isEmpty()) {
      return base;
    }
    return base + ": " + shorten(oneLine(ranked.get(0).title()), SUBJECT_TITLE_CHARS);
  }

  private static String preheader(List<EditionItem> ranked) {
    for (EditionItem item : ranked) {
      if (!item.quickSummary().isEmpty()) {
        return shorten(oneLine(item.quickSummary().get(0)), 140);
      }
    }
    return ranked.isEmpty() ? "" : ranked.size() + " articles in this edition";
  }

  private String archiveUrl(Edition edition) {
    String base = settings.baseUrl();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + "/archive/" + edition.number();
  }

  /**
   * Only http(s) links reach the mail: feed text is untrusted ({@code javascript:}, {@code data:}).
   */
  static String safeUrl(String link, String fallback) {
    if (link == null) {
      return fallback;
    }
    String s = link.strip();
    try {
      URI uri = new URI(s);
      String scheme = uri.getScheme();
      if (scheme != null
          && uri.getHost() != null
          && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        return uri.toASCIIString();
      }
    } catch (URISyntaxException e) {
      // fall through
    }
    return fallback;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
  }

  static String shorten(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int cut = s.lastIndexOf(' ', max - 1);
    if (cut < max / 2) {
      cut = max - 1;
    }
    return s.substring(0, cut).stripTrailing() + "…";
  }

  private String language() {
    String lang = settings.language();
    return lang == null || lang.isBlank() ? "en" : lang;
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
