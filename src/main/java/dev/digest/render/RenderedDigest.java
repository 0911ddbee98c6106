package dev.digest.render;

/**
 * An edition rendered once: subject, HTML and text bodies in which the personal links are still
 * placeholders. {@link #personalize} substitutes them per subscriber with plain string replacement,
 * so the template engine runs once per edition, not once per subscriber.
 */
public record RenderedDigest(String subject, String preheader, String html, String text) {

  /** Placeholder of the subscriber's unsubscribe URL in both bodies. */
  public static final String UNSUBSCRIBE_URL = "https://unsubscribe.digest.invalid/";

  /**
   * The bodies for one subscriber: {@link #UNSUBSCRIBE_URL} replaced by the link as it is in the
   * text and by {@link #htmlAttribute} of it in the HTML. Senders that keep the bodies as
   * templates substitute the same values.
   */
  public Personalized personalize(PersonalLinks links) {
    return new Personalized(
        subject,
        html.replace(UNSUBSCRIBE_URL, htmlAttribute(links.unsubscribeUrl())),
        text.replace(UNSUBSCRIBE_URL, links.unsubscribeUrl()));
  }

  /** The placeholder sits in an href attribute: escape what would end or confuse it. */
  public static String htmlAttribute(String url) {
    if (url.indexOf('&') < 0 && url.indexOf('"') < 0 && url.indexOf('<') < 0) {
      return url;
    }
    return url.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
  }

  /** The bodies for one subscriber. */
  public record Personalized(String subject, String html, String text) {}
}
