package dev.digest.feed;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.ParsingFeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.WireFeedInput;
import dev.digest.config.FeedSettings;
import dev.digest.http.HttpFetcher;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.UncheckedJDOMFactory;
import org.jdom2.input.JDOMParseException;
import org.jdom2.input.SAXBuilder;
import org.xml.sax.InputSource;

/**
 * Parses a feed document (RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 with Rome, JSON Feed 1.x with Jackson)
 * into normalized {@link Article}s. Thread-safe.
 */
public final class FeedParser {

  private static final java.util.regex.Pattern RSS_WITHOUT_CHANNEL =
      java.util.regex.Pattern.compile("<rss[\\s>]");

  private final JsonFeedParser json = new JsonFeedParser();

  /**
   * @param body the raw bytes (already decompressed)
   * @param contentType the HTTP Content-Type ("" when unknown)
   * @param documentUrl the URL the document was read from: the base for relative links
   * @param now first-seen time: the date of undated items and the clamp for future ones
   */
  public ParsedFeed parse(
      byte[] body, String contentType, String documentUrl, FeedSettings feed, Instant now)
      throws FeedParseException {
    String text = TextDecoder.decode(body, contentType);
    String trimmed = text.strip();
    if (trimmed.startsWith("\uFEFF")) {
      trimmed = trimmed.substring(1).strip();
    }
    if (trimmed.isEmpty()) {
      throw new FeedParseException("empty document");
    }
    if (trimmed.startsWith("{")) {
      return json.parse(trimmed, documentUrl, feed, now);
    }
    SyndFeed synd;
    try {
      synd = parseXml(text);
    } catch (FeedParseException e) {
      if (e.getMessage().contains("(channel?)")
          && RSS_WITHOUT_CHANNEL.matcher(text).find()
          && !text.contains("<channel")) {
        // Well-formed <rss> with nothing in it: an empty feed, not a broken one.
        return new ParsedFeed("rss", "", List.of());
      }
      throw e;
    }
    return map(synd, documentUrl, feed, now);
  }

  private static SyndFeed parseXml(String text) throws FeedParseException {
    String first = XmlRepair.prepare(text);
    try {
      return build(first);
    } catch (Exception e) {
      String repaired = XmlRepair.repair(text);
      if (repaired.equals(first)) {
        throw failure(e, first);
      }
      try {
        return build(repaired);
      } catch (Exception e2) {
        // Last resort for unclosed or truncated markup: jsoup's lenient XML tree builder closes
        // what is open (it reads no DTD and expands no entity), then Rome gets another go.
        try {
          org.jsoup.nodes.Document lenient =
              org.jsoup.Jsoup.parse(repaired, "", org.jsoup.parser.Parser.xmlParser());
          lenient
              .outputSettings()
              .prettyPrint(false)
              .syntax(org.jsoup.nodes.Document.OutputSettings.Syntax.xml)
              .escapeMode(org.jsoup.nodes.Entities.EscapeMode.xhtml);
          return build(XmlRepair.declareMissingPrefixes(lenient.outerHtml()));
        } catch (Exception e3) {
          throw failure(e2, repaired);
        }
      }
    }
  }

  /**
   * Rome's own SAX set-up (a DOCTYPE is refused outright: XXE, billion laughs; no external entities
   * or DTDs), built once per thread instead of once per document.
   */
  private static final ThreadLocal<SAXBuilder> SAX =
      ThreadLocal.withInitial(() -> new RomeSax().builder());

  private static final class RomeSax extends WireFeedInput {
    RomeSax() {
      // The default, stated: XmlRepair removes DOCTYPEs first; this is the second wall.
      setAllowDoctypes(false);
    }

    SAXBuilder builder() {
      SAXBuilder b = createSAXBuilder();
      // The parser has checked every name and character already (it refuses what is not XML);
      // JDOM's default factory checked each text again, about a tenth of the CPU samples of a
      // first check of 1,000 feeds. The tree is the same: it is built from what the parser read.
      b.setJDOMFactory(new UncheckedJDOMFactory());
      return b;
    }
  }

  /** Parses as Rome's {@code build(InputSource)} does, with the dates made cheap to read. */
  private static SyndFeed build(String xml) throws Exception {
    Document document;
    try {
      document = SAX.get().build(new InputSource(new StringReader(xml)));
    } catch (JDOMParseException e) {
      SAX.remove();
      throw new ParsingFeedException("Invalid XML: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      SAX.remove();
      throw e;
    } catch (Exception e) {
      SAX.remove();
      throw new ParsingFeedException("Invalid XML", e);
    }
    FeedDates.normalize(document.getRootElement());
    SyndFeedInput input = new SyndFeedInput();
    // Keeps the Atom wire entries: their xml:base is not applied by Rome.
    input.setPreserveWireFeed(true);
    return input.build(document);
  }

  private static FeedParseException failure(Exception e, String text) {
    String head = text.strip().toLowerCase(Locale.ROOT);
    if (head.startsWith("<!doctype html") || head.startsWith("<html")) {
      return new FeedParseException("not a feed: an HTML page", e);
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof NullPointerException) {
      return new FeedParseException("not a feed: a required element (channel?) is missing", e);
    }
    String reason = HttpFetcher.oneLine(e).replaceFirst("^Invalid XML: ", "");
    if (e instanceof IllegalArgumentException) {
      return new FeedParseException("not a feed: " + reason, e);
    }
    return new FeedParseException("invalid XML: " + reason, e);
  }

  private static ParsedFeed map(SyndFeed synd, String documentUrl, FeedSettings feed, Instant now) {
    String format = formatName(synd.getFeedType());
    boolean atom = synd.getFeedType() != null && synd.getFeedType().startsWith("atom");
    String feedTitle = title(synd.getTitleEx(), synd.getTitle(), atom);
    String source =
        !feed.name().isBlank()
            ? feed.name()
            : !feedTitle.isBlank() ? feedTitle : hostOf(feed.url());
    // Relative item links resolve against the site link when it is absolute, else the document.
    // A local copy (file:) of a feed that names its own http URL resolves against that URL.
    String base =
        TextCleaner.isHttpUrl(documentUrl) ? documentUrl : selfLink(synd).orElse(documentUrl);
    String siteLink = TextCleaner.absoluteUrl(base, synd.getLink()).orElse(base);
    String feedAuthor = feedAuthor(synd);
    // Atom: relative references resolve against xml:base in scope (RFC 4287 §2, XML Base).
    String atomBase = null;
    if (synd.originalWireFeed() instanceof com.rometools.rome.feed.atom.Feed) {
      String xmlBase = ((com.rometools.rome.feed.atom.Feed) synd.originalWireFeed()).getXmlBase();
      atomBase = TextCleaner.absoluteUrl(base, xmlBase).orElse(base);
    }
    List<Article> articles = new ArrayList<>();
    for (SyndEntry e : synd.getEntries()) {
      String entryBase = siteLink;
      if (atomBase != null) {
        entryBase = atomBase;
        if (e.getWireEntry() instanceof com.rometools.rome.feed.atom.Entry) {
          String xb = ((com.rometools.rome.feed.atom.Entry) e.getWireEntry()).getXmlBase();
          entryBase = TextCleaner.absoluteUrl(atomBase, xb).orElse(atomBase);
        }
      }
      articles.add(mapEntry(e, entryBase, atomBase != null, atom, source, feedAuthor, feed, now));
    }
    return new ParsedFeed(format, feedTitle, articles);
  }

  private static Optional<String> selfLink(SyndFeed synd) {
    for (com.rometools.rome.feed.synd.SyndLink l : synd.getLinks()) {
      if ("self".equals(l.getRel()) && TextCleaner.isHttpUrl(l.getHref())) {
        return Optional.of(l.getHref());
      }
    }
    Object fm = synd.getForeignMarkup();
    if (fm instanceof List<?>) {
      for (Object o : (List<?>) fm) {
        if (o instanceof Element) {
          Element el = (Element) o;
          if (el.getName().equals("link")
              && "self".equals(el.getAttributeValue("rel"))
              && TextCleaner.isHttpUrl(el.getAttributeValue("href"))) {
            return Optional.of(el.getAttributeValue("href"));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Article mapEntry(
      SyndEntry e,
      String siteLink,
      boolean baseIsXmlBase,
      boolean atom,
      String source,
      String feedAuthor,
      FeedSettings feed,
      Instant now) {
    String content = bestContent(e);
    String guid = e.getUri() == null ? "" : e.getUri().trim();
    String link =
        TextCleaner.absoluteUrl(siteLink, e.getLink())
            .or(
                () ->
                    e.getLinks().isEmpty()
                        ? Optional.empty()
                        : TextCleaner.absoluteUrl(siteLink, e.getLinks().get(0).getHref()))
            .or(() -> TextCleaner.isHttpUrl(guid) ? Optional.of(guid) : Optional.empty())
            .orElse(siteLink);
    String title = title(e.getTitleEx(), e.getTitle(), atom);
    if (title.isBlank()) {
      title = titleFromContent(content);
    }
    Optional<Instant> updated = Optional.ofNullable(e.getUpdatedDate()).map(Date::toInstant);
    Instant published =
        Optional.ofNullable(e.getPublishedDate())
            .map(Date::toInstant)
            .or(() -> updated)
            .orElse(now);
    if (published.isAfter(now)) {
      published = now;
    }
    String author = author(e);
    // RSS says nothing on the base of item HTML: the item's own page is what a browser would use.
    content = ContentLinks.absolutize(content, baseIsXmlBase ? siteLink : link);
    return new Article(
        feed.url(),
        source,
        feed.category(),
        guid,
        title,
        link,
        author.isBlank() ? feedAuthor : author,
        published,
        updated.map(u -> u.isAfter(now) ? now : u),
        content,
        image(e, link));
  }

  /**
   * A title as plain text. An RSS title is HTML; an Atom one is HTML only when it says so ({@code
   * type="html"} or {@code "xhtml"}), and text otherwise (RFC 4287 §3.1.1: text is the default), so
   * its "<" is a character, not a tag.
   */
  static String title(SyndContent ex, String value, boolean atom) {
    String type = ex == null || ex.getType() == null ? null : ex.getType().toLowerCase(Locale.ROOT);
    boolean text = "text".equals(type) || "text/plain".equals(type) || (atom && type == null);
    return text ? TextCleaner.textValue(value) : TextCleaner.plainText(value);
  }

  private static String bestContent(SyndEntry e) {
    String best = "";
    for (SyndContent c : e.getContents()) {
      String html = asHtml(c);
      if (html.length() > best.length()) {
        best = html;
      }
    }
    if (best.isBlank() && e.getDescription() != null) {
      best = asHtml(e.getDescription());
    }
    return best.trim();
  }

  private static String asHtml(SyndContent c) {
    if (c == null || c.getValue() == null) {
      return "";
    }
    String type = c.getType() == null ? "" : c.getType().toLowerCase(Locale.ROOT);
    if (type.equals("text") || type.equals("text/plain")) {
      return TextCleaner.textToHtml(c.getValue());
    }
    return c.getValue();
  }

  private static String author(SyndEntry e) {
    String a = TextCleaner.plainText(e.getAuthor());
    if (a.isBlank()) {
      for (SyndPerson p : e.getAuthors()) {
        a = TextCleaner.plainText(p.getName() != null ? p.getName() : p.getEmail());
        if (!a.isBlank()) {
          break;
        }
      }
    }
    return a;
  }

  private static String feedAuthor(SyndFeed f) {
    String a = TextCleaner.plainText(f.getAuthor());
    if (a.isBlank()) {
      for (SyndPerson p : f.getAuthors()) {
        a = TextCleaner.plainText(p.getName());
        if (!a.isBlank()) {
          break;
        }
      }
    }
    return a;
  }

  private static Optional<String> image(SyndEntry e, String base) {
    for (SyndEnclosure enc : e.getEnclosures()) {
      if (enc.getType() != null && enc.getType().toLowerCase(Locale.ROOT).startsWith("image/")) {
        Optional<String> u = TextCleaner.absoluteUrl(base, enc.getUrl());
        if (u.isPresent()) {
          return u;
        }
      }
    }
    Object fm = e.getForeignMarkup();
    if (fm instanceof List<?>) {
      for (Object o : (List<?>) fm) {
        if (o instanceof Element) {
          Optional<String> u = mediaImage((Element) o, base);
          if (u.isPresent()) {
            return u;
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Media RSS: media:thumbnail, media:content of an image, also inside media:group. */
  private static Optional<String> mediaImage(Element el, String base) {
    String name = el.getName();
    if (name.equals("thumbnail")) {
      return TextCleaner.absoluteUrl(base, el.getAttributeValue("url"));
    }
    if (name.equals("content")) {
      String medium = el.getAttributeValue("medium", "");
      String type = el.getAttributeValue("type", "");
      if (medium.equals("image") || type.startsWith("image/")) {
        return TextCleaner.absoluteUrl(base, el.getAttributeValue("url"));
      }
      for (Element child : el.getChildren()) {
        if (child.getName().equals("thumbnail")) {
          return TextCleaner.absoluteUrl(base, child.getAttributeValue("url"));
        }
      }
    }
    if (name.equals("group")) {
      for (Element child : el.getChildren()) {
        Optional<String> u = mediaImage(child, base);
        if (u.isPresent()) {
          return u;
        }
      }
    }
    return Optional.empty();
  }

  static String titleFromContent(String html) {
    String text = TextCleaner.plainText(html);
    if (text.isBlank()) {
      return "(untitled)";
    }
    String[] words = text.split(" ");
    if (words.length <= 12) {
      return text;
    }
    return String.join(" ", java.util.Arrays.copyOf(words, 12)) + "…";
  }

  /** Rome's {@code rss_2.0} becomes {@code rss-2.0}; {@code rss_0.91U} becomes {@code rss-0.91}. */
  static String formatName(String romeType) {
    if (romeType == null || romeType.isBlank()) {
      return "unknown";
    }
    String f = romeType.toLowerCase(Locale.ROOT).replace('_', '-');
    return f.replaceAll("(rss-0\\.9[12])[nu]$", "$1");
  }

  static String hostOf(String url) {
    try {
      String h = java.net.URI.create(url).getHost();
      return h == null ? url : h;
    } catch (RuntimeException e) {
      return url;
    }
  }
}
