package dev.digest.opml;

/**
 * One feed outline of an OPML file.
 *
 * @param url its {@code xmlUrl}, trimmed, as written (not checked)
 * @param title its {@code title}, else its {@code text}, whitespace collapsed; "" when neither
 * @param htmlUrl its {@code htmlUrl} (the site), "" when absent
 * @param category the enclosing folder outlines' names joined with {@code " / "}, else the first
 *     path of its {@code category} attribute written the same way; "" when neither
 * @param line the line of the outline in the file, for messages
 */
public record OpmlFeed(String url, String title, String htmlUrl, String category, int line) {}
