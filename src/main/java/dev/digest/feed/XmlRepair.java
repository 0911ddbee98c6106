package dev.digest.feed;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;

/**
 * Repairs the common breakage of real feeds before the XML parser sees them: junk before the
 * prolog, a DOCTYPE (removed whole, internal subset included, so no DTD is ever processed: no XXE,
 * no entity expansion), HTML entities that XML does not know, bare {@code &}, and characters XML
 * 1.0 forbids (§2.2).
 */
final class XmlRepair {

  private static final Pattern ENTITY_OR_AMP =
      Pattern.compile("&(?:(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});)?");

  private XmlRepair() {}

  /** The light pass, always applied: leading junk and the DOCTYPE go. */
  static String prepare(String text) {
    String s = stripLeadingJunk(text);
    return stripDoctype(s);
  }

  /** The heavy pass, applied when the light one did not parse. */
  static String repair(String text) {
    String s = prepare(text);
    s = stripInvalidChars(s);
    s = fixEntities(s);
    s = dropLateProlog(s);
    s = fixRootNamespace(s);
    return declareMissingPrefixes(s);
  }

  private static final Pattern PROLOG = Pattern.compile("<\\?xml\\s[^>]*\\?>");
  private static final Pattern ROOT = Pattern.compile("<([A-Za-z][\\w.-]*(?::[\\w.-]+)?)([^>]*)>");
  private static final Pattern PREFIX_USE =
      Pattern.compile(
          "</?([A-Za-z][\\w.-]*):[A-Za-z_][\\w.-]*|\\s([A-Za-z][\\w.-]*):[A-Za-z_][\\w.-]*\\s*=");
  private static final java.util.Map<String, String> KNOWN_PREFIXES =
      java.util.Map.of(
          "content", "http://purl.org/rss/1.0/modules/content/",
          "dc", "http://purl.org/dc/elements/1.1/",
          "itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd",
          "media", "http://search.yahoo.com/mrss/",
          "atom", "http://www.w3.org/2005/Atom",
          "wfw", "http://wellformedweb.org/CommentAPI/",
          "slash", "http://purl.org/rss/1.0/modules/slash/",
          "rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");

  /** An XML declaration after a comment is an error (XML 1.0 §2.8): drop it, we decoded already. */
  static String dropLateProlog(String s) {
    Matcher m = PROLOG.matcher(s);
    if (m.find() && m.start() > 0) {
      return s.substring(0, m.start()) + s.substring(m.end());
    }
    return s;
  }

  /**
   * A {@code <feed>} without the Atom namespace is meant as Atom 1.0; RSS 0.90 under the old
   * Netscape channel namespace is still RSS 0.90.
   */
  static String fixRootNamespace(String s) {
    String r =
        s.replace(
            "http://channel.netscape.com/rdf/simple/0.9/",
            "http://my.netscape.com/rdf/simple/0.9/");
    Matcher m = rootMatcher(r);
    if (m != null && m.group(1).equals("feed") && !m.group(2).contains("xmlns=")) {
      return r.substring(0, m.end(1))
          + " xmlns=\"http://www.w3.org/2005/Atom\""
          + r.substring(m.end(1));
    }
    return r;
  }

  /** Prefixes used but never declared get a declaration on the root (known URI or a URN). */
  static String declareMissingPrefixes(String s) {
    Matcher root = rootMatcher(s);
    if (root == null) {
      return s;
    }
    java.util.Set<String> used = new java.util.LinkedHashSet<>();
    Matcher m = PREFIX_USE.matcher(s);
    while (m.find()) {
      String p = m.group(1) != null ? m.group(1) : m.group(2);
      if (!p.equals("xml") && !p.equals("xmlns")) {
        used.add(p);
      }
    }
    StringBuilder decl = new StringBuilder();
    for (String p : used) {
      if (!s.contains("xmlns:" + p + "=")) {
        decl.append(" xmlns:")
            .append(p)
            .append("=\"")
            .append(KNOWN_PREFIXES.getOrDefault(p, "urn:undeclared:" + p))
            .append('"');
      }
    }
    if (decl.length() == 0) {
      return s;
    }
    return s.substring(0, root.end(1)) + decl + s.substring(root.end(1));
  }

  private static Matcher rootMatcher(String s) {
    Matcher m = ROOT.matcher(s);
    while (m.find()) {
      char c = s.charAt(m.start() + 1);
      if (c != '?' && c != '!') {
        return m;
      }
    }
    return null;
  }

  static String stripLeadingJunk(String s) {
    int start = 0;
    if (s.startsWith("\uFEFF")) {
      start = 1;
    }
    int lt = s.indexOf('<', start);
    if (lt < 0) {
      return s.substring(start);
    }
    // Keep the prolog or the first element; anything before it (whitespace, PHP notices) is junk.
    int prolog = s.indexOf("<?xml", start);
    if (prolog >= 0 && s.substring(start, prolog).indexOf('<') < 0) {
      return s.substring(prolog);
    }
    return s.substring(lt);
  }

  static String stripDoctype(String s) {
    int at = doctypeAt(s, Math.min(s.length(), 4096));
    if (at < 0) {
      return s;
    }
    int depth = 0;
    char quote = 0;
    for (int i = at + 9; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == '>' && depth <= 0) {
        return s.substring(0, at) + s.substring(i + 1);
      }
    }
    return s; // unterminated: leave it, the parser refuses DOCTYPEs anyway
  }

  /** Where {@code <!DOCTYPE} (any case) starts before {@code limit}, or -1; copies nothing. */
  private static int doctypeAt(String s, int limit) {
    for (int i = s.indexOf("<!"); i >= 0 && i < limit; i = s.indexOf("<!", i + 2)) {
      if (s.regionMatches(true, i, "<!DOCTYPE", 0, 9)) {
        return i;
      }
    }
    return -1;
  }

  static String stripInvalidChars(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xFFFD && c != 0xFFFE);
      if (!ok) {
        if (b == null) {
          b = new StringBuilder(s.length());
          b.append(s, 0, i);
        }
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  static String fixEntities(String s) {
    Matcher m = ENTITY_OR_AMP.matcher(s);
    StringBuilder out = new StringBuilder(s.length() + 64);
    while (m.find()) {
      String name = m.group(1);
      String replacement;
      if (name == null) {
        replacement = "&amp;";
      } else if (name.startsWith("#")) {
        replacement = m.group();
      } else if (isXmlEntity(name)) {
        replacement = m.group();
      } else {
        String decoded = Entities.isNamedEntity(name) ? Entities.getByName(name) : "";
        if (decoded.isEmpty()) {
          replacement = "&amp;" + name + ";";
        } else {
          StringBuilder num = new StringBuilder();
          decoded.codePoints().forEach(cp -> num.append("&#").append(cp).append(';'));
          replacement = num.toString();
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static boolean isXmlEntity(String name) {
    return name.equals("amp")
        || name.equals("lt")
        || name.equals("gt")
        || name.equals("quot")
        || name.equals("apos");
  }
}
