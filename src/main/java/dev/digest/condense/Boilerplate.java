package dev.digest.condense;

import java.util.List;
import java.util.Locale;

/**
 * Sentences that are page furniture, not news: share and subscribe prompts, "Read more", cookie
 * notices, bylines, captions and credits. Plain phrase search (this runs for every sentence).
 */
final class Boilerplate {

  private static final List<String> PHRASES =
      List.of(
          "share this",
          "share on",
          "share via",
          "subscribe to",
          "subscribe now",
          "subscribe for",
          "subscribe here",
          "sign up for",
          "sign up to",
          "sign up now",
          "sign up here",
          "our newsletter",
          "read more",
          "click here",
          "follow us",
          "all rights reserved",
          "use cookies",
          "uses cookies",
          "accept cookies",
          "allow cookies",
          "cookie policy",
          "cookie settings",
          "privacy policy",
          "terms of use",
          "terms of service",
          "advertisement",
          "sponsored content",
          "related article",
          "continue reading",
          "download the app",
          "download our app",
          "getty images",
          "photograph:",
          "image:",
          "photo:",
          "credit:",
          "copyright",
          "©",
          "last updated",
          "published on",
          "updated on",
          "sponsored by",
          "skip this ad",
          "skip ad",
          "javascript is disabled",
          "enable javascript",
          "your browser does not support");
  private static final List<String> LABELS =
      List.of(
          "photo:",
          "image:",
          "source:",
          "video:",
          "watch:",
          "listen:",
          "published:",
          "updated:",
          "pictured:",
          "caption:");

  private static final java.util.regex.Pattern MARKUP =
      java.util.regex.Pattern.compile("</?[a-z][a-z0-9]*(\\s|>|/>)|\\{\\{|&[a-z]+;");

  private Boilerplate() {}

  static boolean is(String sentence) {
    String lower = sentence.toLowerCase(Locale.ROOT).strip();
    for (String label : LABELS) {
      if (lower.startsWith(label)) {
        return true;
      }
    }
    if (lower.startsWith("by ") && Bullets.words(lower) <= 8) {
      return true; // a byline: "By Anna de Vries, Transport correspondent"
    }
    boolean suspicious =
        lower.indexOf('<') >= 0 || lower.indexOf('{') >= 0 || lower.indexOf('&') >= 0;
    if (suspicious && MARKUP.matcher(lower).find()) {
      return true; // markup that leaked into text (templates, escaped HTML)
    }
    for (String phrase : PHRASES) {
      int at = lower.indexOf(phrase);
      while (at >= 0) {
        int end = at + phrase.length();
        boolean startOk = at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1));
        boolean endOk =
            end == lower.length()
                || !Character.isLetterOrDigit(lower.charAt(end))
                || !Character.isLetterOrDigit(phrase.charAt(phrase.length() - 1))
                || phrase.endsWith("article");
        if (startOk && endOk) {
          return true;
        }
        at = lower.indexOf(phrase, at + 1);
      }
    }
    return false;
  }
}
