package dev.digest.config;

import java.io.ByteArrayInputStream;
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
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the feed list of an OPML 1.0 or 2.0 file, as Miniflux, FreshRSS, Feedly and most readers
 * export it: a feed is an {@code <outline>} with an {@code xmlUrl}; the outlines around it are
 * folders, and the innermost folder's {@code title} (or {@code text}) is its category, else the
 * feed's own {@code category} attribute (OPML 2.0's {@code /Folder/Sub,Other} form: the last part
 * of the first path).
 *
 * <p>The file comes from elsewhere, so it is not trusted: a DOCTYPE is refused outright (no DTD, no
 * entity of any kind is ever resolved), the file may be at most {@link #MAX_BYTES}, and only
 * http(s) feed URLs are taken (an OPML must not make the digest read local files).
 */
public final class OpmlReader {

  /** The largest OPML read: far more than 10,000 feeds, far less than a memory problem. */
  public static final long MAX_BYTES = 5L * 1024 * 1024;

  /** A feed the OPML lists; {@code site} ({@code htmlUrl}) and {@code category} may be empty. */
  public record Entry(String url, String name, String category, String site, int line) {}

  /**
   * An outline whose {@code xmlUrl} cannot be a feed of ours (not http(s)); reported, not taken.
   */
  public record Refused(String url, String name, int line, String reason) {}

  /** What the file lists, in document order. */
  public record Result(List<Entry> feeds, List<Refused> refused) {}

  /** The OPML cannot be read; the message is one line naming the file (and line:column). */
  public static final class OpmlException extends Exception {
    private static final long serialVersionUID = 1L;

    OpmlException(String message) {
      super(message);
    }
  }

  public static Result read(Path file) throws OpmlException {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new OpmlException(
            name + ": larger than " + MAX_BYTES / (1024 * 1024) + " MB, refused");
      }
      bytes = readAtMost(file);
    } catch (NoSuchFileException e) {
      throw new OpmlException(name + ": no such file");
    } catch (IOException e) {
      throw new OpmlException(name + ": cannot read: " + e.getMessage());
    }
    return parse(name, bytes);
  }

  /** The bytes of {@code file}, refusing it when it grew past the cap since its size was taken. */
  private static byte[] readAtMost(Path file) throws IOException, OpmlException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new OpmlException(
            file.getFileName() + ": larger than " + MAX_BYTES / (1024 * 1024) + " MB, refused");
      }
      return bytes;
    }
  }

  static Result parse(String name, byte[] bytes) throws OpmlException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    List<Entry> feeds = new ArrayList<>();
    List<Refused> refused = new ArrayList<>();
    // One element per open <outline>: its folder name when it is a folder, "" for a feed.
    Deque<String> outlines = new ArrayDeque<>();
    boolean root = true;
    XMLStreamReader r = null;
    try {
      r = factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.DTD) {
          throw new OpmlException(
              name
                  + ":"
                  + r.getLocation().getLineNumber()
                  + ": a DOCTYPE is not allowed in OPML"
                  + " (no DTD or entity is read), refused");
        }
        if (event == XMLStreamConstants.ENTITY_REFERENCE) {
          throw new OpmlException(
              name
                  + ":"
                  + r.getLocation().getLineNumber()
                  + ": entity &"
                  + r.getLocalName()
                  + "; is not allowed in OPML, refused");
        }
        if (event == XMLStreamConstants.START_ELEMENT) {
          if (root) {
            root = false;
            if (!r.getLocalName().equals("opml")) {
              throw new OpmlException(
                  name + ": not OPML: the document is <" + r.getLocalName() + ">, not <opml>");
            }
          } else if (r.getLocalName().equals("outline")) {
            outlines.push(outline(r, outlines, feeds, refused));
          }
        } else if (event == XMLStreamConstants.END_ELEMENT
            && r.getLocalName().equals("outline")
            && !outlines.isEmpty()) {
          outlines.pop();
        }
      }
    } catch (XMLStreamException e) {
      throw malformed(name, e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // Nothing is held open: the input is in memory.
        }
      }
    }
    if (root) {
      throw new OpmlException(name + ": empty file, not OPML");
    }
    return new Result(List.copyOf(feeds), List.copyOf(refused));
  }

  /** Takes the feed an outline names, if any; returns its folder name ("" for a feed). */
  private static String outline(
      XMLStreamReader r, Deque<String> outlines, List<Entry> feeds, List<Refused> refused) {
    String xmlUrl = attribute(r, "xmlUrl").strip();
    String title = attribute(r, "title").strip();
    String text = attribute(r, "text").strip();
    String label = title.isEmpty() ? text : title;
    int line = r.getLocation().getLineNumber();
    if (xmlUrl.isEmpty()) {
      return label;
    }
    // A feed is no folder: outlines inside one (seen in some exports) take the folder around it.
    String scheme = xmlUrl.contains(":") ? xmlUrl.substring(0, xmlUrl.indexOf(':')) : "";
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      refused.add(new Refused(xmlUrl, label, line, "not an http(s) URL"));
    } else if (!validUrl(xmlUrl)) {
      refused.add(new Refused(xmlUrl, label, line, "not a valid URL"));
    } else {
      // Exports write the URL as the text of a feed without a name (ours does): no name, then.
      String feedName = label.equals(xmlUrl) ? "" : label;
      feeds.add(
          new Entry(
              xmlUrl,
              feedName,
              category(outlines, attribute(r, "category")),
              httpOrEmpty(attribute(r, "htmlUrl").strip()),
              line));
    }
    return "";
  }

  private static String category(Deque<String> outlines, String attribute) {
    for (String folder : outlines) { // innermost first
      if (!folder.isEmpty()) {
        return folder;
      }
    }
    String first = attribute.split(",", -1)[0].strip();
    String[] parts = first.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      if (!parts[i].isBlank()) {
        return parts[i].strip();
      }
    }
    return "";
  }

  private static String httpOrEmpty(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return (lower.startsWith("http://") || lower.startsWith("https://")) && validUrl(url)
        ? url
        : "";
  }

  /** Whether feeds.yml would take it: a URI with a host (no spaces, braces, ...). */
  private static boolean validUrl(String url) {
    try {
      return new java.net.URI(url).getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** An attribute by local name, in any letter case ({@code xmlurl} is seen in the wild). */
  private static String attribute(XMLStreamReader r, String localName) {
    for (int i = 0; i < r.getAttributeCount(); i++) {
      if (r.getAttributeLocalName(i).equalsIgnoreCase(localName)
          && (r.getAttributeNamespace(i) == null || r.getAttributeNamespace(i).isEmpty())) {
        return r.getAttributeValue(i);
      }
    }
    return "";
  }

  private static OpmlException malformed(String name, XMLStreamException e) {
    String message = e.getMessage() == null ? "unreadable XML" : e.getMessage();
    // The JDK's message starts "ParseError at [row,col]:[3,7]\nMessage: ..."; keep the message.
    int at = message.indexOf("Message: ");
    if (at >= 0) {
      message = message.substring(at + "Message: ".length());
    }
    message = message.replaceAll("\\s+", " ").strip();
    if (e.getLocation() != null) {
      return new OpmlException(
          name
              + ":"
              + e.getLocation().getLineNumber()
              + ":"
              + e.getLocation().getColumnNumber()
              + ": malformed OPML: "
              + message);
    }
    return new OpmlException(name + ": malformed OPML: " + message);
  }

  private OpmlReader() {}
}
