package dev.digest.opml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the feed outlines of an OPML 1.0 or 2.0 subscription list, as feed readers export it:
 * every {@code <outline>} with an {@code xmlUrl} is a feed, every outline without one a folder
 * whose name (its {@code title}, else {@code text}) is the category of the feeds inside it; nested
 * folders are joined with {@code " / "}. A feed outside any folder takes the first path of its
 * OPML 2.0 {@code category} attribute ({@code "/Tech/Java,/News"} &rarr; {@code Tech / Java}).
 *
 * <p>Hostile input is refused before it costs anything: files over {@link #MAX_BYTES}, and any
 * DTD ({@code <!DOCTYPE>}): OPML needs none, and refusing it means no entity, internal or external,
 * is ever expanded. Attribute names are matched without regard to case ({@code xmlurl} is seen in
 * the wild). Stateless and thread-safe.
 */
public final class OpmlReader {

  /** The largest file read: a list of 10,000 feeds is about 2 MB. */
  public static final long MAX_BYTES = 5L * 1024 * 1024;

  private OpmlReader() {}

  /** The feeds of {@code file}, in document order. */
  public static List<OpmlFeed> read(Path file) throws OpmlException {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    try {
      if (Files.isDirectory(file)) {
        throw new OpmlException(name + ": is a directory, not an OPML file");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new OpmlException(tooLarge(name, size));
      }
      try (InputStream in = new CappedInputStream(Files.newInputStream(file), MAX_BYTES)) {
        return read(name, in);
      }
    } catch (NoSuchFileException e) {
      throw new OpmlException(name + ": file not found: " + file);
    } catch (CappedInputStream.TooLargeException e) {
      throw new OpmlException(tooLarge(name, -1));
    } catch (IOException e) {
      throw new OpmlException(name + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The feeds of the OPML document {@code in}; {@code name} is how messages call it. */
  static List<OpmlFeed> read(String name, InputStream in) throws OpmlException, IOException {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    List<OpmlFeed> feeds = new ArrayList<>();
    // One entry per open outline: its folder name, or null for a feed or a nameless outline.
    Deque<String> folders = new ArrayDeque<>();
    XMLStreamReader xml = null;
    try {
      xml = factory.createXMLStreamReader(in);
      int depth = 0;
      boolean inBody = false;
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.DTD) {
          throw new OpmlException(
              at(name, xml.getLocation())
                  + "refused: the file declares a DTD (<!DOCTYPE>); OPML needs none, and no"
                  + " entity in one is read");
        }
        if (event == XMLStreamConstants.START_ELEMENT) {
          String element = xml.getLocalName();
          depth++;
          if (depth == 1 && !element.equals("opml")) {
            throw new OpmlException(
                name + ": not an OPML file: its root element is <" + element + ">, not <opml>");
          }
          if (depth == 2 && element.equals("body")) {
            inBody = true;
          } else if (inBody && element.equals("outline")) {
            outline(xml, folders, feeds);
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          depth--;
          String element = xml.getLocalName();
          if (inBody && element.equals("outline")) {
            folders.pop();
          } else if (depth == 1 && element.equals("body")) {
            inBody = false;
          }
        }
      }
    } catch (XMLStreamException e) {
      Throwable nested = e.getNestedException() != null ? e.getNestedException() : e.getCause();
      if (nested instanceof CappedInputStream.TooLargeException) {
        throw (CappedInputStream.TooLargeException) nested;
      }
      throw new OpmlException(at(name, e.getLocation()) + "malformed XML: " + reason(e));
    } finally {
      if (xml != null) {
        try {
          xml.close();
        } catch (XMLStreamException e) {
          // nothing was written; the stream itself is closed by the caller
        }
      }
    }
    return feeds;
  }

  private static void outline(XMLStreamReader xml, Deque<String> folders, List<OpmlFeed> feeds) {
    String xmlUrl = attribute(xml, "xmlUrl").trim();
    String title = collapse(attribute(xml, "title"));
    if (title.isEmpty()) {
      title = collapse(attribute(xml, "text"));
    }
    if (xmlUrl.isEmpty()) {
      folders.push(title.isEmpty() ? "" : title);
      return;
    }
    folders.push(""); // outlines inside a feed outline take the same folders
    List<String> path = new ArrayList<>();
    folders.descendingIterator().forEachRemaining(f -> {
      if (!f.isEmpty()) {
        path.add(f);
      }
    });
    String category = path.isEmpty() ? categoryAttribute(attribute(xml, "category"))
        : String.join(" / ", path);
    int line = xml.getLocation() == null ? 0 : xml.getLocation().getLineNumber();
    feeds.add(new OpmlFeed(xmlUrl, title, attribute(xml, "htmlUrl").trim(), category, line));
  }

  /** OPML 2.0: "a string of comma-separated slash-delimited category strings"; the first one. */
  static String categoryAttribute(String value) {
    for (String one : value.split(",")) {
      List<String> parts = new ArrayList<>();
      for (String p : one.split("/")) {
        String c = collapse(p);
        if (!c.isEmpty()) {
          parts.add(c);
        }
      }
      if (!parts.isEmpty()) {
        return String.join(" / ", parts);
      }
    }
    return "";
  }

  /** The value of the attribute without a namespace named {@code name}, any case; "" if none. */
  private static String attribute(XMLStreamReader xml, String name) {
    for (int i = 0; i < xml.getAttributeCount(); i++) {
      String ns = xml.getAttributeNamespace(i);
      if ((ns == null || ns.isEmpty()) && xml.getAttributeLocalName(i).equalsIgnoreCase(name)) {
        return xml.getAttributeValue(i);
      }
    }
    return "";
  }

  private static String collapse(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  private static String at(String name, Location location) {
    if (location == null || location.getLineNumber() < 0) {
      return name + ": ";
    }
    return name + ":" + location.getLineNumber() + ":" + Math.max(location.getColumnNumber(), 0)
        + ": ";
  }

  // The JDK's message is "ParseError at [row,col]:[3,14]\nMessage: what went wrong".
  private static String reason(XMLStreamException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    int i = m.indexOf("Message: ");
    String r = i < 0 ? m : m.substring(i + "Message: ".length());
    return r.replaceAll("\\s+", " ").trim();
  }

  private static String tooLarge(String name, long size) {
    return String.format(Locale.ROOT, "%s: refused: larger than the %d MB an OPML file may be%s",
        name, MAX_BYTES / (1024 * 1024),
        size > MAX_BYTES ? String.format(Locale.ROOT, " (%.1f MB)", size / (1024.0 * 1024)) : "");
  }
}
