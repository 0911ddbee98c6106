package dev.digest.render;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * The editor's note (Markdown) as mail HTML and as plain text. Raw HTML in the Markdown is shown as
 * text, not passed on, and the result is cleaned again with an allow-list (paragraphs, emphasis,
 * lists, quotes, code, http(s) and mailto links): an editor's account that is misused, or a pasted
 * snippet, cannot put a script or a tracking pixel into every reader's mail.
 */
public final class EditorNote {

  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer HTML =
      HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).softbreak(" ").build();
  private static final Safelist SAFE =
      Safelist.basic()
          .removeTags("span", "cite", "dl", "dt", "dd", "sub", "sup", "q")
          .addTags("h3", "h4")
          .removeProtocols("a", "href", "ftp")
          .addEnforcedAttribute("a", "rel", "noopener");

  private EditorNote() {}

  /** Safe HTML for the mail and the archive; {@code ""} for an empty note. */
  public static String html(String markdown) {
    if (markdown == null || markdown.isBlank()) {
      return "";
    }
    // Headings inside a mail's intro sit under the edition's own h1 and the items' h2: shift
    // them down so the outline stays right (# and ## become h3, the rest h4).
    String rendered = HTML.render(PARSER.parse(markdown.strip()));
    Document doc = Jsoup.parseBodyFragment(rendered);
    doc.select("h3, h4, h5, h6").tagName("h4");
    doc.select("h1, h2").tagName("h3");
    Document clean = new org.jsoup.safety.Cleaner(SAFE).clean(doc);
    // A link whose target the allow-list refused is left as its words.
    clean.select("a:not([href])").unwrap();
    clean.outputSettings().prettyPrint(false);
    return clean.body().html().strip();
  }

  /**
   * The note for the plain-text part: the Markdown itself, which is written to read as text, with
   * control characters dropped and line ends made uniform.
   */
  public static String text(String markdown) {
    if (markdown == null || markdown.isBlank()) {
      return "";
    }
    return markdown
        .strip()
        .replace("\r\n", "\n")
        .replace('\r', '\n')
        .replaceAll("[\\p{Cntrl}&&[^\n\t]]", "");
  }
}
