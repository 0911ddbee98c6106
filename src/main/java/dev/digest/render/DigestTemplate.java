package dev.digest.render;

import dev.digest.edition.EditionRepository;
import dev.digest.edition.StoredEdition;
import java.util.Objects;

/**
 * A rendered digest as it is stored ({@code edition}, {@code edition_variant}) and sent: the
 * subject, and the HTML and text bodies in which the per-reader links are still placeholders.
 * Preview, archive, test send and delivery all personalize it through {@link #fill}, so a reader of
 * the archive, of a preview and of the mail sees the same bodies but for their own links.
 * Immutable.
 */
public record DigestTemplate(String subject, String html, String text) {

  /** Placeholder of the reader's unsubscribe URL in both bodies. */
  public static final String UNSUBSCRIBE_URL = "https://unsubscribe.digest.invalid/";

  public DigestTemplate {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(html, "html");
    Objects.requireNonNull(text, "text");
  }

  /** The template an edition was stored with. */
  public static DigestTemplate of(StoredEdition edition) {
    return new DigestTemplate(edition.subject(), edition.html(), edition.text());
  }

  /** The template of a body variant (the edition without some topics). */
  public static DigestTemplate of(EditionRepository.Variant variant) {
    return new DigestTemplate(variant.subject(), variant.html(), variant.text());
  }

  /**
   * The digest for one reader: {@link #UNSUBSCRIBE_URL} stands for the link as it is in the text,
   * and for the link escaped as an attribute value in the HTML. Costs no copy of the bodies: they
   * are made when asked for, and a mailer that keeps the template's lines encoded puts the same
   * values in itself.
   */
  public Filled fill(PersonalLinks links) {
    String url = links.unsubscribeUrl();
    return new Filled(this, htmlAttribute(url), url);
  }

  /** The placeholder sits in an href attribute: escape what would end or confuse it. */
  private static String htmlAttribute(String url) {
    if (url.indexOf('&') < 0 && url.indexOf('"') < 0 && url.indexOf('<') < 0) {
      return url;
    }
    return url.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
  }

  /**
   * A template filled for one reader.
   *
   * @param htmlValue what stands for {@link #UNSUBSCRIBE_URL} in the HTML body
   * @param textValue what stands for it in the text body
   */
  public record Filled(DigestTemplate template, String htmlValue, String textValue) {

    public String subject() {
      return template.subject();
    }

    /** The HTML body as the reader gets it. */
    public String html() {
      return template.html().replace(UNSUBSCRIBE_URL, htmlValue);
    }

    /** The text body as the reader gets it. */
    public String text() {
      return template.text().replace(UNSUBSCRIBE_URL, textValue);
    }
  }
}
