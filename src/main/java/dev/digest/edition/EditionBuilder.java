package dev.digest.edition;

import dev.digest.condense.Condenser;
import dev.digest.condense.Summary;
import dev.digest.config.Cadence;
import dev.digest.config.DigestSettings;
import dev.digest.extract.CleanContent;
import dev.digest.extract.PreparedArticle;
import dev.digest.feed.Article;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the articles of the next edition and condenses them: inside the time window, not in any
 * earlier edition, one item per article across feeds, at most {@code max-per-feed} per feed and
 * {@code max-articles} in all, newest first. Does not write anything. Thread-safe.
 */
public final class EditionBuilder {

  private static final Logger log = LoggerFactory.getLogger(EditionBuilder.class);

  /** Average adult silent reading speed, words per minute. */
  static final int WORDS_PER_MINUTE = 230;

  private static final Comparator<Article> NEWEST_FIRST =
      Comparator.comparing(Article::published)
          .reversed()
          .thenComparing(Article::source)
          .thenComparing(Article::title)
          .thenComparing(Article::link);

  private final DigestSettings settings;
  private final Supplier<Function<PreparedArticle, Summary>> condensePerBuild;
  private final EditionRepository editions;
  private final SeenItemRepository seen;
  private final Clock clock;

  public EditionBuilder(
      DigestSettings settings,
      Condenser condenser,
      EditionRepository editions,
      SeenItemRepository seen,
      Clock clock) {
    this(
        settings,
        editions,
        seen,
        clock,
        constant(p -> condenser.condense(p.article().title(), p.content().document())));
    Objects.requireNonNull(condenser, "condenser");
  }

  /** With any condensing step (tests). */
  public EditionBuilder(
      DigestSettings settings,
      Function<Article, Summary> condense,
      EditionRepository editions,
      SeenItemRepository seen,
      Clock clock) {
    this(settings, editions, seen, clock, constant(fromArticle(condense)));
  }

  private EditionBuilder(
      DigestSettings settings,
      EditionRepository editions,
      SeenItemRepository seen,
      Clock clock,
      Supplier<Function<PreparedArticle, Summary>> condensePerBuild) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.condensePerBuild = Objects.requireNonNull(condensePerBuild, "condensePerBuild");
    this.editions = Objects.requireNonNull(editions, "editions");
    this.seen = Objects.requireNonNull(seen, "seen");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * With a condensing step made afresh for each {@link #build}: a language model's budget is per
   * run. The step reads the prepared article's {@link PreparedArticle#content() document}: the
   * article is not parsed again.
   */
  public static EditionBuilder condensingPerBuild(
      DigestSettings settings,
      Supplier<Function<PreparedArticle, Summary>> condensePerBuild,
      EditionRepository editions,
      SeenItemRepository seen,
      Clock clock) {
    return new EditionBuilder(settings, editions, seen, clock, condensePerBuild);
  }

  private static Supplier<Function<PreparedArticle, Summary>> constant(
      Function<PreparedArticle, Summary> f) {
    return () -> f;
  }

  private static Function<PreparedArticle, Summary> fromArticle(Function<Article, Summary> f) {
    Objects.requireNonNull(f, "condense");
    return p -> f.apply(p.article());
  }

  /**
   * What the next edition takes, chosen from raw (unprepared) articles: inside its window, not in
   * any earlier edition, one item per story across feeds, within the caps, newest first. Pure but
   * for one query of the seen keys; preparing and condensing then run only on {@link
   * Selection#articles()}, since preparing never changes what selection looks at (title, link,
   * feed, dates).
   *
   * @param windowStart where the edition's window starts (the end of the last one, or {@code
   *     window} ago if later)
   * @param candidates how many articles were offered
   */
  public record Selection(
      int number,
      Instant windowStart,
      Instant now,
      int candidates,
      List<Picked> picked,
      String cadence) {

    /** The chosen articles, in edition order. */
    public List<Article> articles() {
      return picked.stream().map(Picked::article).toList();
    }
  }

  /** Chooses the next edition of the default cadence (see {@link Selection}). */
  public Selection select(List<Article> articles) {
    return select(articles, settings.defaultCadenceSettings());
  }

  /**
   * Chooses the next edition of {@code cadence}: its window runs from that cadence's previous
   * edition, and only what that cadence has not carried is left out, so a monthly edition takes the
   * month's articles that the weekly editions took too. Numbers run over all cadences.
   */
  public Selection select(List<Article> articles, Cadence cadence) {
    Instant now = clock.instant();
    Optional<EditionRepository.Last> last = editions.last(settings.id(), cadence.name());
    int number = editions.lastNumber(settings.id()) + 1;
    Instant windowStart = windowStart(now, last, cadence);
    return new Selection(
        number,
        windowStart,
        now,
        articles.size(),
        pick(articles, windowStart, now, cadence.name()),
        cadence.name());
  }

  /** The next edition built from already-sanitized articles (may be empty): select, condense. */
  public Edition build(List<Article> articles) {
    Selection s = select(articles);
    return build(s, s.articles());
  }

  /**
   * The edition of {@code selection}, condensing {@code prepared}: its articles after preparing
   * (sanitized), one for one and in the same order. Each is parsed here once; {@link
   * #buildPrepared} takes the preparer's parsed content instead.
   */
  public Edition build(Selection selection, List<Article> prepared) {
    return buildPrepared(selection, prepared.stream().map(PreparedArticle::ofSanitized).toList());
  }

  /**
   * The edition of {@code selection} from the preparer's results for its articles, one for one and
   * in the same order: condensed and timed from their clean content, without parsing again.
   */
  public Edition buildPrepared(Selection selection, List<PreparedArticle> prepared) {
    List<Picked> picked = selection.picked();
    if (prepared.size() != picked.size()) {
      throw new IllegalArgumentException(
          "prepared " + prepared.size() + " articles for " + picked.size() + " picked");
    }
    List<EditionItem> items = new ArrayList<>(picked.size());
    Function<PreparedArticle, Summary> condense = condensePerBuild.get();
    Map<String, Integer> methods = new java.util.TreeMap<>();
    for (int i = 0; i < picked.size(); i++) {
      EditionItem item = item(picked.get(i), prepared.get(i), i + 1, condense);
      methods.merge(item.method(), 1, Integer::sum);
      items.add(item);
    }
    log.info(
        "edition built digest={} number={} candidates={} items={} window_start={} methods={}",
        settings.id(),
        selection.number(),
        selection.candidates(),
        items.size(),
        selection.windowStart(),
        methods);
    return new Edition(
        settings.id(),
        selection.number(),
        settings.title(),
        selection.windowStart(),
        selection.now(),
        selection.now(),
        items,
        "",
        selection.cadence());
  }

  /** Where the default cadence's next window starts if it were built now. */
  public Instant nextWindowStart() {
    return nextWindowStart(settings.defaultCadenceSettings());
  }

  /**
   * Where {@code cadence}'s next window starts if it were built now: nothing older can enter it.
   */
  public Instant nextWindowStart(Cadence cadence) {
    return windowStart(clock.instant(), editions.last(settings.id(), cadence.name()), cadence);
  }

  /**
   * An edition covers from the end of its cadence's last one (or the cadence's window ago, if
   * later) to now.
   */
  private static Instant windowStart(
      Instant now, Optional<EditionRepository.Last> last, Cadence cadence) {
    Instant start = now.minus(cadence.window());
    return last.isPresent() && last.get().windowEnd().isAfter(start)
        ? last.get().windowEnd()
        : start;
  }

  /** An article chosen for the edition, with its key and the other feeds that carried it. */
  public record Picked(Article article, String key, Set<String> alsoIn) {}

  private List<Picked> pick(
      List<Article> articles, Instant windowStart, Instant now, String cadence) {
    List<Article> inWindow = new ArrayList<>();
    for (Article a : articles) {
      if (!a.published().isBefore(windowStart) && !a.published().isAfter(now)) {
        inWindow.add(a);
      }
    }
    inWindow.sort(NEWEST_FIRST);
    Map<String, Article> byKey = new LinkedHashMap<>();
    Map<String, Set<String>> alsoIn = new HashMap<>();
    for (Article a : inWindow) {
      String key = ItemKeys.of(a);
      Article kept = byKey.putIfAbsent(key, a);
      if (kept != null) {
        addSource(alsoIn.computeIfAbsent(key, k -> new LinkedHashSet<>()), kept, a);
      }
    }
    Set<String> already = byKey.isEmpty() ? Set.of() : seen.seen(byKey.keySet(), cadence);
    // Near-identical titles: the same story under two links (syndication, mirrors). The stories
    // met while the edition has room are the candidates, each taken unless its feed has had its
    // share; once it is full, a later story is only looked at as another source of a candidate.
    // (Comparing every story with every other was a fifth of a first send's CPU: 4,000 articles.)
    List<Picked> unique = new ArrayList<>();
    List<Set<String>> uniqueTokens = new ArrayList<>();
    Map<String, Integer> byTitle = new HashMap<>();
    List<Picked> capped = new ArrayList<>();
    Map<String, Integer> perFeed = new HashMap<>();
    for (Map.Entry<String, Article> e : byKey.entrySet()) {
      if (already.contains(e.getKey())) {
        continue;
      }
      Article a = e.getValue();
      Set<String> sources = alsoIn.getOrDefault(e.getKey(), new LinkedHashSet<>());
      String title = TitleSimilarity.normalize(a.title());
      Set<String> tokens = TitleSimilarity.tokens(title);
      Integer match = title.isEmpty() ? null : byTitle.get(title);
      if (match == null && !tokens.isEmpty()) {
        for (int i = 0; i < unique.size(); i++) {
          if (TitleSimilarity.similar(tokens, uniqueTokens.get(i))) {
            match = i;
            break;
          }
        }
      }
      if (match != null) {
        Picked kept = unique.get(match);
        addSource(kept.alsoIn(), kept.article(), a);
        for (String s : sources) {
          if (!s.equals(kept.article().source())) {
            kept.alsoIn().add(s);
          }
        }
        continue;
      }
      if (capped.size() >= settings.maxArticles()) {
        // Full: this story cannot be taken, and a later copy of it would show nowhere.
        continue;
      }
      if (!title.isEmpty()) {
        byTitle.put(title, unique.size());
      }
      Picked p = new Picked(a, e.getKey(), sources);
      unique.add(p);
      uniqueTokens.add(tokens);
      if (perFeed.merge(a.feedUrl(), 1, Integer::sum) <= settings.maxPerFeed()) {
        capped.add(p);
      }
    }
    return capped;
  }

  private static void addSource(Set<String> alsoIn, Article kept, Article other) {
    if (!other.source().isBlank() && !other.source().equals(kept.source())) {
      alsoIn.add(other.source());
    }
  }

  /**
   * An article the editor adds to a draft by URL, condensed like any other (already sanitized); its
   * position is the caller's to set.
   */
  public EditionItem itemOf(Article prepared, int position) {
    return item(
        new Picked(prepared, ItemKeys.of(prepared), new LinkedHashSet<>()),
        PreparedArticle.ofSanitized(prepared),
        position,
        condensePerBuild.get());
  }

  private EditionItem item(
      Picked p,
      PreparedArticle prepared,
      int position,
      Function<PreparedArticle, Summary> condense) {
    Article a = prepared.article();
    Summary summary;
    try {
      summary = condense.apply(prepared);
    } catch (RuntimeException e) {
      // One article the condenser cannot handle must not cost the whole edition.
      log.warn("condense failed link={} error={}", a.link(), e.toString());
      summary = new Summary(List.of(), List.of(), Summary.Method.EXTRACTIVE);
    }
    String image = settings.images() ? thumbnail(a) : "";
    return new EditionItem(
        p.key(),
        position,
        a.title(),
        a.link(),
        a.source(),
        a.category(),
        a.author(),
        a.published(),
        readingMinutes(prepared.content().words()),
        summary.quickSummary(),
        summary.takeaways(),
        summary.method().label(),
        List.copyOf(p.alsoIn()),
        image,
        "",
        image.isEmpty() ? 0 : a.imageWidth(),
        image.isEmpty() ? 0 : a.imageHeight(),
        a.feedUrl());
  }

  /**
   * The feed's image for an item, when it is one a mail may load: an absolute http or https URL
   * with a host, no longer than the column holds (2,048), no white space or quotes (a feed's value
   * goes into an attribute; the template escapes it too). {@code ""} otherwise.
   */
  static String thumbnail(Article a) {
    String url = a.imageUrl().orElse("").strip();
    if (url.isEmpty() || url.length() > 2048 || !url.matches("(?i)https?://[^\\s\"'<>]+")) {
      return "";
    }
    try {
      java.net.URI u = new java.net.URI(url);
      return u.getHost() == null || u.getHost().isEmpty() ? "" : url;
    } catch (java.net.URISyntaxException e) {
      return "";
    }
  }

  /** Minutes to read the HTML's text at {@value #WORDS_PER_MINUTE} words per minute, at least 1. */
  static int readingMinutes(String html) {
    return readingMinutes(CleanContent.ofSafeHtml(html).words());
  }

  /** Minutes to read {@code words} words at {@value #WORDS_PER_MINUTE} a minute, at least 1. */
  static int readingMinutes(int words) {
    return Math.max(1, (int) Math.round((double) words / WORDS_PER_MINUTE));
  }
}
