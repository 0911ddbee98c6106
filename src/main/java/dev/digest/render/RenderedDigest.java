package dev.digest.render;

/**
 * An edition as {@link DigestRenderer} made it: the {@link DigestTemplate} that is stored and
 * filled per reader, and the preheader its HTML opens with. The template engine runs once per
 * edition (and body variant), never per reader.
 */
public record RenderedDigest(DigestTemplate template, String preheader) {

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
}
