package dev.digest.config;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes feeds as OPML 2.0: one folder outline per category (in the order categories first appear),
 * feeds without a category at the top level. Attribute values are escaped by the XML writer;
 * characters XML 1.0 cannot hold at all are dropped.
 */
public final class OpmlWriter {

  public static String write(String title, List<FeedSettings> feeds) {
    Map<String, List<FeedSettings>> byCategory = new LinkedHashMap<>();
    for (FeedSettings f : feeds) {
      byCategory.computeIfAbsent(f.category(), c -> new ArrayList<>()).add(f);
    }
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      w.writeStartElement("opml");
      w.writeAttribute("version", "2.0");
      w.writeCharacters("\n  ");
      w.writeStartElement("head");
      w.writeCharacters("\n    ");
      w.writeStartElement("title");
      w.writeCharacters(clean(title));
      w.writeEndElement();
      w.writeCharacters("\n  ");
      w.writeEndElement();
      w.writeCharacters("\n  ");
      w.writeStartElement("body");
      for (FeedSettings f : byCategory.getOrDefault("", List.of())) {
        feed(w, f, "\n    ");
      }
      for (Map.Entry<String, List<FeedSettings>> c : byCategory.entrySet()) {
        if (c.getKey().isEmpty()) {
          continue;
        }
        w.writeCharacters("\n    ");
        w.writeStartElement("outline");
        w.writeAttribute("text", clean(c.getKey()));
        w.writeAttribute("title", clean(c.getKey()));
        for (FeedSettings f : c.getValue()) {
          feed(w, f, "\n      ");
        }
        w.writeCharacters("\n    ");
        w.writeEndElement();
      }
      w.writeCharacters("\n  ");
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write OPML to memory", e);
    }
    return out.toString();
  }

  private static void feed(XMLStreamWriter w, FeedSettings f, String indent)
      throws XMLStreamException {
    String name = f.name().isEmpty() ? f.url() : f.name();
    w.writeCharacters(indent);
    w.writeEmptyElement("outline");
    w.writeAttribute("type", "rss");
    w.writeAttribute("text", clean(name));
    w.writeAttribute("title", clean(name));
    w.writeAttribute("xmlUrl", clean(f.url()));
    if (!f.site().isEmpty()) {
      w.writeAttribute("htmlUrl", clean(f.site()));
    }
  }

  /**
   * Drops what XML 1.0 cannot carry even escaped (control characters but tab, LF, CR; lone
   * surrogates); line breaks in an attribute would come back as spaces, so they become spaces.
   */
  static String clean(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
        continue;
      } else if (c == '\t' || c == '\n' || c == '\r') {
        b.append(' ');
      } else if (c >= 0x20) {
        b.append(c);
      }
    }
    return b.toString();
  }

  private OpmlWriter() {}
}
