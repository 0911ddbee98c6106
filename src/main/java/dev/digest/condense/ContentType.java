package dev.digest.condense;

/** How the text handed to the {@link Condenser} is marked up. */
public enum ContentType {
  HTML,
  /** Plain text: headings are lines of their own, bullets start with -, *, • or a number. */
  TEXT
}
