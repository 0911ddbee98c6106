package dev.digest.opml;

import dev.digest.config.FeedSettings;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes feeds as an OPML 2.0 subscription list: one folder outline per category (a category
 * {@code "A / B"} as folder B inside folder A, the way {@link OpmlReader} reads nested folders),
 * each feed an {@code <outline type="rss">} with {@code text} and {@code title} (its name, else its
 * URL), {@code xmlUrl} and, when known, {@code htmlUrl}; feeds without a category follow at the top
 * level. Every value is escaped, and characters XML 1.0 cannot carry are dropped.
 */
public final class OpmlWriter {

  private OpmlWriter() {}

  /** The document, UTF-8 with an XML declaration, ending in a newline. */
  public static String write(String title, ZonedDateTime created, List<FeedSettings> feeds) {
    Folder root = new Folder("");
    for (FeedSettings f : feeds) {
      Folder at = root;
      if (!f.category().isBlank()) {
        for (String part : f.category().split(" / ")) {
          if (!part.isBlank()) {
            at = at.folders.computeIfAbsent(part.trim(), Folder::new);
          }
        }
      }
      at.feeds.add(f);
    }
    StringBuilder b = new StringBuilder(256 + feeds.size() * 160);
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<opml version=\"2.0\">\n");
    b.append("  <head>\n");
    b.append("    <title>").append(escape(title)).append("</title>\n");
    b.append("    <dateCreated>")
        .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(created))
        .append("</dateCreated>\n");
    b.append("  </head>\n");
    b.append("  <body>\n");
    children(b, root, 2);
    b.append("  </body>\n");
    b.append("</opml>\n");
    return b.toString();
  }

  /** A category folder: its sub-folders in first-seen order, then its own feeds. */
  private static final class Folder {
    final String name;
    final Map<String, Folder> folders = new LinkedHashMap<>();
    final List<FeedSettings> feeds = new ArrayList<>();

    Folder(String name) {
      this.name = name;
    }
  }

  private static void children(StringBuilder b, Folder folder, int depth) {
    for (Folder sub : folder.folders.values()) {
      indent(b, depth).append("<outline text=\"").append(escape(sub.name))
          .append("\" title=\"").append(escape(sub.name)).append("\">\n");
      children(b, sub, depth + 1);
      indent(b, depth).append("</outline>\n");
    }
    for (FeedSettings f : folder.feeds) {
      String name = escape(f.name().isBlank() ? f.url() : f.name());
      indent(b, depth).append("<outline type=\"rss\" text=\"").append(name)
          .append("\" title=\"").append(name)
          .append("\" xmlUrl=\"").append(escape(f.url())).append('"');
      if (!f.site().isBlank()) {
        b.append(" htmlUrl=\"").append(escape(f.site())).append('"');
      }
      b.append("/>\n");
    }
  }

  private static StringBuilder indent(StringBuilder b, int depth) {
    return b.append("  ".repeat(depth));
  }

  /** Text fit for an attribute value or element content. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        // Kept as references: a parser turns a raw one in an attribute into a space.
        case '\t' -> b.append("&#9;");
        case '\n' -> b.append("&#10;");
        case '\r' -> b.append("&#13;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if (c >= 0x20 && !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF) {
            b.append(c);
          }
          // else: not an XML 1.0 character (C0 controls, lone surrogates); dropped
        }
      }
    }
    return b.toString();
  }
}
