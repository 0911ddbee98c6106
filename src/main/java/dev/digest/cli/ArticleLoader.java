package dev.digest.cli;

import dev.digest.condense.ContentType;
import dev.digest.config.FetchSettings;
import dev.digest.extract.ArticlePreparer;
import dev.digest.extract.HtmlSanitizer;
import dev.digest.extract.MainContentExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * One argument of {@code digest condense} read for condensing: a URL (fetched once, narrowed to its
 * main content once), a {@code .txt} file (plain text, the title on the first line) or any other
 * file (an HTML page, narrowed to its main content).
 */
final class ArticleLoader {

  /** An article ready for the condenser; {@code url} is empty for files. */
  record Loaded(String title, String url, String content, ContentType type) {}

  private final MainContentExtractor extractor;
  private final FetchSettings fetch;

  /**
   * @param extractor finds a page's main content; the command passes {@code new
   *     MainContentExtractor(condenser::summaryBlocks)} so the author's summary box is kept
   */
  ArticleLoader(MainContentExtractor extractor, FetchSettings fetch) {
    this.extractor = Objects.requireNonNull(extractor, "extractor");
    this.fetch = Objects.requireNonNull(fetch, "fetch");
  }

  Loaded load(String source) throws IOException {
    if (source.startsWith("http://") || source.startsWith("https://")) {
      return fromUrl(source);
    }
    Path file = Path.of(source);
    if (!Files.isRegularFile(file)) {
      throw new UsageException("no such file: " + source);
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (source.endsWith(".txt")) {
      // First line is the title; the whole text is condensed (the title line may be a heading).
      String first = text.lines().findFirst().orElse("").strip();
      return new Loaded(first, "", text, ContentType.TEXT);
    }
    Document doc = Jsoup.parse(text, file.toUri().toString());
    // A whole page (navigation, footer) is narrowed to its main content first.
    String html = extractor.extract(doc).orElse(text);
    return new Loaded(ArticlePreparer.titleOf(doc), "", html, ContentType.HTML);
  }

  /**
   * The page through the extract stage (the feeds' fetch limits, charset rules and extractor). What
   * it returns is main content already: extracting it again cost a second pass over the page and
   * could drop more of the article than the edition pipeline, which extracts once.
   */
  private Loaded fromUrl(String url) {
    ArticlePreparer.Page page;
    try (ArticlePreparer preparer = new ArticlePreparer(fetch, new HtmlSanitizer(), extractor)) {
      page =
          preparer
              .fetchPage(url)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "could not fetch or extract an article from " + url));
    }
    // The page's own title, as for files; the main content rarely carries a <title>.
    String title =
        page.title().isBlank()
            ? ArticlePreparer.titleOf(Jsoup.parse(page.mainContent(), url))
            : page.title();
    return new Loaded(title, url, page.mainContent(), ContentType.HTML);
  }
}
