package dev.digest.render;

/**
 * An edition as {@link DigestRenderer} made it: the {@link DigestTemplate} that is stored and
 * filled per reader, and the preheader its HTML opens with. The template engine runs once per
 * edition (and body variant), never per reader.
 */
public record RenderedDigest(DigestTemplate template, String preheader) {

  /** {@link DigestTemplate#UNSUBSCRIBE_URL}; {@code bench/} names it here. */
  public static final String UNSUBSCRIBE_URL = DigestTemplate.UNSUBSCRIBE_URL;

  public RenderedDigest(String subject, String preheader, String html, String text) {
    this(new DigestTemplate(subject, html, text), preheader);
  }

  public String subject() {
    return template.subject();
  }

  /** The HTML body with the placeholder in it. */
  public String html() {
    return template.html();
  }

  /** The text body with the placeholder in it. */
  public String text() {
    return template.text();
  }

  /**
   * What {@link DigestTemplate#fill} puts in the HTML for {@code url}. Only {@code bench/} calls it
   * (it builds its mails beside the delivery stage); everything else fills a template.
   */
  public static String htmlAttribute(String url) {
    return new DigestTemplate("", "", "").fill(new PersonalLinks(url)).htmlValue();
  }
}
