package dev.digest.web;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.SyndFeedOutput;
import dev.digest.config.DigestSettings;
import dev.digest.edition.EditionRepository;
import dev.digest.edition.StoredEdition;
import dev.digest.render.DigestTemplate;
import dev.digest.render.PersonalLinks;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Past editions: a list, and each edition as the web page of its mail. */
final class ArchivePages {

  private final EditionRepository editions;
  private final DigestSettings digest;
  private final Pages pages;

  ArchivePages(EditionRepository editions, DigestSettings digest, Pages pages) {
    this.editions = editions;
    this.digest = digest;
    this.pages = pages;
  }

  void routes(RoutesConfig r) {
    r.get("/archive", this::list);
    r.get("/archive/", this::list);
    r.get("/archive/{number}", this::show);
    r.get("/archive.atom", this::atom);
  }

  /** An Atom feed of the editions, so readers can follow the digest in their feed reader. */
  private void atom(Context ctx) throws Exception {
    String base = digest.baseUrl();
    List<StoredEdition> editions = this.editions.list(digest.id());
    SyndFeed feed = new SyndFeedImpl();
    feed.setFeedType("atom_1.0");
    feed.setTitle(digest.title());
    feed.setLink(base + "/archive");
    feed.setUri(base + "/archive.atom");
    feed.setDescription("Past editions of " + digest.title());
    feed.setPublishedDate(
        editions.isEmpty() ? new Date(0) : Date.from(editions.get(0).edition().builtAt()));
    List<SyndEntry> entries = new ArrayList<>();
    for (StoredEdition e : editions) {
      SyndEntry entry = new SyndEntryImpl();
      String link = base + "/archive/" + e.edition().number();
      entry.setTitle(e.subject());
      entry.setLink(link);
      entry.setUri(link);
      entry.setUpdatedDate(Date.from(e.edition().builtAt()));
      entry.setPublishedDate(Date.from(e.edition().builtAt()));
      SyndContent summary = new SyndContentImpl();
      summary.setType("text");
      summary.setValue(
          e.edition().items().stream()
              .map(i -> "• " + i.title() + (i.comment().isEmpty() ? "" : " — " + i.comment()))
              .collect(Collectors.joining("\n")));
      entry.setDescription(summary);
      // The whole edition as its text part reads (the editor's note, order, bullets, comments),
      // with the generic unsubscribe link: a feed reader shows what the mail said.
      SyndContent content = new SyndContentImpl();
      content.setType("text");
      content.setValue(DigestTemplate.of(e).fill(PersonalLinks.generic(base)).text());
      entry.setContents(List.of(content));
      entries.add(entry);
    }
    feed.setEntries(entries);
    ctx.contentType("application/atom+xml; charset=utf-8")
        .result(new SyndFeedOutput().outputString(feed));
  }

  private void list(Context ctx) {
    List<StoredEdition> editions = this.editions.list(digest.id());
    pages.render(ctx, 200, "archive.html", Map.of("editions", editions));
  }

  private void show(Context ctx) {
    int number;
    try {
      number = Integer.parseInt(ctx.pathParam("number"));
    } catch (NumberFormatException e) {
      pages.message(ctx, 404, "Not found", "There is no such edition.");
      return;
    }
    Optional<StoredEdition> e = editions.find(digest.id(), number);
    if (e.isEmpty()) {
      pages.message(ctx, 404, "Not found", "There is no such edition.");
      return;
    }
    StoredEdition s = e.get();
    // The stored HTML has the personal-link placeholder: on the web it points to the generic page.
    String html = DigestTemplate.of(s).fill(PersonalLinks.generic(digest.baseUrl())).html();
    // The mail HTML carries inline styles: allow them for this page only; still no script.
    ctx.header(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    ctx.contentType("text/html; charset=utf-8").result(html);
  }
}
