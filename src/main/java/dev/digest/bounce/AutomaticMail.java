package dev.digest.bounce;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * Recognises mail written by software rather than a person, when it is not a standard report: the
 * non-standard bounces of older MTAs, challenge-response requests, and auto-replies (RFC 3834 and
 * the vendor headers before it). Subjects and bodies are matched by fixed phrases ({@code
 * contains}, no regular expressions) on lowercased, bounded text.
 */
final class AutomaticMail {

  private static final List<String> BOUNCE_SENDERS =
      List.of("mailer-daemon", "postmaster@", "mail delivery s", "mail-daemon@");

  private static final List<String> BOUNCE_SUBJECTS =
      List.of(
          "undeliverable",
          "undelivered mail",
          "mail delivery failed",
          "mail delivery failure",
          "delivery status notification",
          "failure notice",
          "returned mail",
          "delivery failure",
          "delivery has failed",
          "could not be delivered",
          "nondeliverable",
          "non remis",
          "unzustellbar",
          "delayed mail",
          "delivery delayed",
          "warning: could not send message");

  private static final List<String> AUTO_REPLY_SUBJECTS =
      List.of(
          "out of office",
          "out of the office",
          "automatic reply",
          "auto-reply",
          "autoreply",
          "auto reply",
          "auto:",
          "auto response",
          "autoresponse",
          "vacation",
          "on vacation",
          "away from",
          "i am out of",
          "i'm out of",
          "abwesenheit",
          "réponse automatique",
          "respuesta automática");

  private static final List<String> CHALLENGE_PHRASES =
      List.of(
          "confirm you are human",
          "confirm that you are human",
          "confirm you are a human",
          "verify you are human",
          "verify that you are human",
          "prove you are human",
          "you are a real person",
          "sender verification",
          "verify your message",
          "confirm your message",
          "to have your message delivered",
          "spam protection system");

  /** How much of a body the phrase checks read. */
  private static final int BODY_PREFIX = 8 * 1024;

  private AutomaticMail() {}

  /** Looks like a delivery failure written for people (From MAILER-DAEMON, "Undeliverable:"). */
  static boolean isBounce(MimeMessage m, String subject) throws MessagingException {
    String from = lower(header(m, "From"));
    for (String s : BOUNCE_SENDERS) {
      if (from.contains(s)) {
        return true;
      }
    }
    // Exim names the failed addresses in its own header, DSN or not.
    return m.getHeader("X-Failed-Recipients") != null || containsAny(subject, BOUNCE_SUBJECTS);
  }

  /** A challenge-response system asking the sender to prove it is a person. */
  static boolean isChallenge(MimeMessage m, String subject, List<String> texts)
      throws MessagingException {
    Enumeration<Header> headers = m.getAllHeaders();
    while (headers.hasMoreElements()) {
      String name = lower(headers.nextElement().getName());
      if (name.startsWith("x-challenge") || name.contains("boxtrapper")) {
        return true;
      }
    }
    if (containsAny(subject, CHALLENGE_PHRASES)) {
      return true;
    }
    for (String text : texts) {
      String prefix = lower(text.length() > BODY_PREFIX ? text.substring(0, BODY_PREFIX) : text);
      if (containsAny(prefix, CHALLENGE_PHRASES)) {
        return true;
      }
    }
    return false;
  }

  /** An auto-reply: RFC 3834 Auto-Submitted, the older vendor headers, or a vacation subject. */
  static boolean isAutoReply(MimeMessage m, String subject) throws MessagingException {
    String autoSubmitted = lower(header(m, "Auto-Submitted"));
    int end = autoSubmitted.indexOf(';');
    String value = (end < 0 ? autoSubmitted : autoSubmitted.substring(0, end)).strip();
    if (!value.isEmpty() && !value.startsWith("no")) {
      return true;
    }
    if (m.getHeader("X-Autoreply") != null
        || m.getHeader("X-Autorespond") != null
        || m.getHeader("X-Autoresponse") != null) {
      return true;
    }
    String precedence = lower(header(m, "Precedence")).strip();
    if (precedence.equals("auto_reply")) {
      return true;
    }
    // A prefix, not anywhere: "unsubscribe me, I'm going on vacation" is a person's mail.
    String start = subject.replaceFirst("^[\\s\\[(]+", "");
    for (String prefix : AUTO_REPLY_SUBJECTS) {
      if (start.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  static String header(MimeMessage m, String name) throws MessagingException {
    String[] values = m.getHeader(name);
    return values == null || values.length == 0 ? "" : unfold(values[0]);
  }

  static String unfold(String value) {
    if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value.strip();
    }
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\r' && c != '\n') {
        b.append(c);
      }
    }
    return b.toString().strip();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static boolean containsAny(String haystack, List<String> needles) {
    for (String needle : needles) {
      if (haystack.contains(needle)) {
        return true;
      }
    }
    return false;
  }
}
