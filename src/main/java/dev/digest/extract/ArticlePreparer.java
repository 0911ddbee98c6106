package dev.digest.extract;

import dev.digest.config.FetchSettings;
import dev.digest.feed.Article;
import dev.digest.feed.TextCleaner;
import dev.digest.http.FetchOutcome;
import dev.digest.http.HostLimiter;
import dev.digest.http.HttpFetcher;
import dev.digest.http.Validators;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes articles ready to condense: fetches the full text of teaser-only items (feed flag {@code
 * full-text}, or content under ~80 words), then sanitizes every article's HTML. Failures to fetch a
 * page keep the feed's own content.
 */
public final class ArticlePreparer implements AutoCloseable {

  /** Content shorter than this is a teaser: the page is fetched for the full text. */
  public static final int TEASER_WORDS = 80;

  private static final Logger log = LoggerFactory.getLogger(ArticlePreparer.class);
  private static final Pattern CHARSET =
      Pattern.compile("charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)", Pattern.CASE_INSENSITIVE);
  private static final String ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1";

  private final HtmlSanitizer sanitizer;
  private final HttpFetcher fetcher;
  private final HostLimiter hosts;
  private final MainContentExtractor extractor;
  private final ExecutorService pool;
  private final boolean probeImages;

  /** Extracting main content without the author's summary boxes (see the other constructor). */
  public ArticlePreparer(FetchSettings settings, HtmlSanitizer sanitizer) {
    this(settings, sanitizer, new MainContentExtractor());
  }

  /**
   * @param extractor finds a fetched page's main content; give it the condense stage's summary
   *     finder ({@code new MainContentExtractor(condenser::summaryBlocks)}) so that the author's
   *     summary box next to the article is kept for condensing
   */
  public ArticlePreparer(
      FetchSettings settings, HtmlSanitizer sanitizer, MainContentExtractor extractor) {
    this(settings, sanitizer, extractor, true);
  }

  /**
   * @param probeImages whether a thumbnail is fetched to read its size (and dropped when it is no
   *     image); off when the mail shows none ({@code digest.images: off})
   */
  public ArticlePreparer(
      FetchSettings settings,
      HtmlSanitizer sanitizer,
      MainContentExtractor extractor,
      boolean probeImages) {
    this.probeImages = probeImages;
    this.sanitizer = sanitizer;
    this.extractor = extractor;
    this.fetcher = new HttpFetcher(settings);
    this.hosts = new HostLimiter(settings.perHost());
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(1, settings.concurrency()),
            r -> {
              Thread t = new Thread(r, "fulltext-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * @param fullTextFeeds feed URLs configured with {@code full-text: true}
   */
  public List<Article> prepare(List<Article> articles, java.util.Set<String> fullTextFeeds) {
    List<Article> out = new ArrayList<>(articles.size());
    for (PreparedArticle p : prepareDetailed(articles, fullTextFeeds)) {
      out.add(p.article());
    }
    return out;
  }

  /**
   * As {@link #prepare(List, Set)}, telling for each article whether the full text was used (for
   * {@code feeds show --json}). Pages are fetched concurrently within the fetch limits; order kept.
   */
  public List<PreparedArticle> prepareDetailed(List<Article> articles, Set<String> fullTextFeeds) {
    List<Future<PreparedArticle>> futures = new ArrayList<>();
    for (Article a : articles) {
      futures.add(pool.submit(() -> prepareOne(a, fullTextFeeds, true)));
    }
    List<PreparedArticle> out = new ArrayList<>(articles.size());
    for (int i = 0; i < articles.size(); i++) {
      Article a = articles.get(i);
      try {
        out.add(futures.get(i).get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        out.add(feedContentOnly(a));
      } catch (ExecutionException e) {
        log.warn("prepare failed link={} error={}", a.link(), e.getCause().toString());
        out.add(feedContentOnly(a));
      }
    }
    return out;
  }

  /** One article: full text when it needs it and the page gives more, then sanitized. */
  public Article prepare(Article article, Set<String> fullTextFeeds) {
    return prepareOne(article, fullTextFeeds, true).article();
  }

  /**
   * One article whose content is already its page's main content (an editor's add by URL):
   * sanitized, and its picture checked, as {@link #prepare} does, but never fetched again, however
   * short it is.
   */
  public Article prepareFetched(Article article) {
    return prepareOne(article, Set.of(), false).article();
  }

  /** True when the article's content is a teaser (or its feed asks for full text). */
  public static boolean wantsFullText(Article article, Set<String> fullTextFeeds) {
    return fullTextFeeds.contains(article.feedUrl())
        || TextCleaner.wordCount(article.contentHtml()) < TEASER_WORDS;
  }

  private PreparedArticle prepareOne(
      Article article, Set<String> fullTextFeeds, boolean mayFetchPage) {
    boolean wanted = fullTextFeeds.contains(article.feedUrl());
    // One parse of the feed's content gives both its word count and its clean result (issue 16).
    HtmlSanitizer.Counted feed = sanitizer.cleanCounting(article.contentHtml(), article.link());
    int feedWords = feed.inputWords();
    CleanContent clean = feed.clean();
    boolean usedFullText = false;
    Optional<String> image = article.imageUrl();
    if (mayFetchPage && (wanted || feedWords < TEASER_WORDS) && isHttp(article.link())) {
      Optional<Page> page = fetchPage(article.link());
      if (page.isPresent()) {
        HtmlSanitizer.Counted full =
            sanitizer.cleanCounting(page.get().mainContent(), article.link());
        // A page that yields less than the feed (a paywall, a cookie wall) is not "full text".
        if (full.inputWords() >= Math.max(30, wanted ? feedWords / 2 : feedWords + 1)) {
          clean = full.clean();
          usedFullText = true;
        }
        // The page's own picture, when the feed named none.
        image = image.or(() -> page.get().image());
      }
    }
    Article prepared = article.withContent(clean.html()).withImage(image);
    if (probeImages && image.isPresent() && isHttp(image.get())) {
      prepared = withProbedImage(prepared, image.get());
    }
    return new PreparedArticle(prepared, usedFullText, clean);
  }

  /** The article with its feed's own content sanitized: when preparing it failed. */
  private PreparedArticle feedContentOnly(Article a) {
    CleanContent clean = sanitizer.clean(a.contentHtml(), a.link());
    return new PreparedArticle(a.withContent(clean.html()), false, clean);
  }

  private static final String IMAGE_ACCEPT =
      "image/avif, image/webp, image/png, image/jpeg, image/gif, image/*;q=0.8";

  /**
   * The article with its thumbnail's size read off the image, or without the thumbnail when the URL
   * gives no image (an error, a page): a mail shows no broken picture. Only the few articles an
   * edition takes are prepared, so this is a handful of requests per send, made beside the page
   * fetches within the same host limits.
   */
  private Article withProbedImage(Article a, String url) {
    FetchOutcome outcome;
    try {
      outcome = hosts.run(url, () -> fetcher.fetch(url, Validators.NONE, IMAGE_ACCEPT));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return a;
    }
    if (!(outcome instanceof FetchOutcome.Body)) {
      String why =
          outcome instanceof FetchOutcome.Failure
              ? ((FetchOutcome.Failure) outcome).reason()
              : "no body";
      log.debug("thumbnail dropped url={} image={} why={}", a.link(), url, why);
      return a.withImage(Optional.empty());
    }
    FetchOutcome.Body body = (FetchOutcome.Body) outcome;
    ImageProbe.Result r = ImageProbe.read(body.body(), body.contentType());
    if (r instanceof ImageProbe.Result.Sized) {
      ImageProbe.Result.Sized s = (ImageProbe.Result.Sized) r;
      return a.withImageSize(s.width(), s.height());
    }
    if (r instanceof ImageProbe.Result.NotAnImage) {
      log.debug(
          "thumbnail dropped url={} image={} why={}",
          a.link(),
          url,
          ((ImageProbe.Result.NotAnImage) r).why());
      return a.withImage(Optional.empty());
    }
    return a;
  }

  /** The main content of the page at {@code url}, unsanitized; empty when it cannot be had. */
  public Optional<String> fetchMainContent(String url) {
    return fetchPage(url).map(Page::mainContent);
  }

  /**
   * A fetched page's title ({@code <title>}, else its first {@code h1}; may be empty), main content
   * (unsanitized) and picture ({@code og:image}, else {@code twitter:image}, absolute).
   */
  public record Page(String title, String mainContent, Optional<String> image) {}

  /**
   * The page at {@code url}, its title taken before extraction narrows it; empty when it cannot be
   * had.
   */
  public Optional<Page> fetchPage(String url) {
    FetchOutcome outcome;
    try {
      outcome = hosts.run(url, () -> fetcher.fetch(url, Validators.NONE, ACCEPT));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    if (!(outcome instanceof FetchOutcome.Body)) {
      if (outcome instanceof FetchOutcome.Failure) {
        log.debug(
            "full text fetch failed url={} error={}",
            url,
            ((FetchOutcome.Failure) outcome).reason());
      }
      return Optional.empty();
    }
    FetchOutcome.Body body = (FetchOutcome.Body) outcome;
    String type = body.contentType().toLowerCase(Locale.ROOT);
    if (!type.isEmpty() && !type.contains("html")) {
      return Optional.empty();
    }
    try {
      Document doc = parsePage(body.body(), body.contentType(), body.finalUrl());
      String title = titleOf(doc);
      Optional<String> image = imageOf(doc); // before extraction narrows the document
      return extractor.extract(doc).map(main -> new Page(title, main, image));
    } catch (IOException | RuntimeException e) {
      log.debug("full text extraction failed url={} error={}", url, e.toString());
      return Optional.empty();
    }
  }

  /** A page's Open Graph image, else its Twitter card image: an absolute http(s) URL. */
  static Optional<String> imageOf(Document doc) {
    for (String query :
        new String[] {
          "meta[property=og:image]", "meta[property=og:image:url]", "meta[name=twitter:image]"
        }) {
      org.jsoup.nodes.Element meta = doc.selectFirst(query);
      String url = meta == null ? "" : meta.absUrl("content");
      if (isHttp(url)) {
        return Optional.of(url);
      }
    }
    return Optional.empty();
  }

  /** A page's {@code <title>}, else the text of its first {@code h1}, else "". */
  public static String titleOf(Document doc) {
    String title = doc.title();
    if (title.isBlank()) {
      org.jsoup.nodes.Element h1 = doc.selectFirst("h1");
      title = h1 == null ? "" : h1.text();
    }
    return title.strip();
  }

  /** jsoup picks the charset from the BOM or a meta tag when HTTP names none. */
  static Document parsePage(byte[] body, String contentType, String baseUri) throws IOException {
    Matcher m = CHARSET.matcher(contentType == null ? "" : contentType);
    String charset = null;
    if (m.find()) {
      try {
        charset = java.nio.charset.Charset.forName(m.group(1)).name();
      } catch (RuntimeException e) {
        charset = null;
      }
    }
    return Jsoup.parse(new ByteArrayInputStream(body), charset, baseUri);
  }

  private static boolean isHttp(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    // Never file: or other schemes: a hostile feed must not make us read local files.
    return u.startsWith("http://") || u.startsWith("https://");
  }

  @Override
  public void close() {
    pool.shutdownNow();
    fetcher.close();
  }
}
