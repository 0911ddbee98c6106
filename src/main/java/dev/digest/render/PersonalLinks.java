package dev.digest.render;

/** The links that differ per subscriber. Tracking-free: they only carry a signed token. */
public record PersonalLinks(String unsubscribeUrl) {

  /**
   * The links of a page or mail outside the audience (archive, preview, test send): with no
   * personal token, the unsubscribe link opens the generic page, which asks for the address.
   */
  public static PersonalLinks generic(String baseUrl) {
    return new PersonalLinks(baseUrl + "/unsubscribe");
  }
}
