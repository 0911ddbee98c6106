package dev.digest.feed;

import java.util.Locale;
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
    return fixEntities(s);
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
    int limit = Math.min(s.length(), 4096);
    int at = s.substring(0, limit).toUpperCase(Locale.ROOT).indexOf("<!DOCTYPE");
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
    return name.equals("amp") || name.equals("lt") || name.equals("gt") || name.equals("quot")
        || name.equals("apos");
  }
}
