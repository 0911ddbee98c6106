package dev.digest.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Header field values for RFC 5322: encoded words (RFC 2047), mailboxes, folding. */
final class HeaderEncoding {

  /** RFC 5322 2.1.1: lines SHOULD be at most 78 characters. */
  static final int LINE = 78;

  /**
   * RFC 2047 2: an encoded word is at most 75 characters; 39 bytes make 52 base64 chars, which fit
   * after "Subject: ".
   */
  private static final int WORD_BYTES = 39;

  private static final java.util.regex.Pattern BREAKS =
      java.util.regex.Pattern.compile("[\\r\\n\\t]+");

  private HeaderEncoding() {}

  /** Unstructured text (Subject): as is when printable ASCII, else UTF-8 "B" encoded words. */
  static String text(String value) {
    String v = oneLine(value);
    if (isPrintableAscii(v)) {
      return v;
    }
    StringBuilder sb = new StringBuilder();
    byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
    int start = 0;
    while (start < bytes.length) {
      int end = Math.min(bytes.length, start + WORD_BYTES);
      // Never split a UTF-8 sequence between two words (RFC 2047 5: each word decodes alone).
      while (end < bytes.length && (bytes[end] & 0xC0) == 0x80) {
        end--;
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append("=?UTF-8?B?")
          .append(
              Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, start, end)))
          .append("?=");
      start = end;
    }
    return sb.toString();
  }

  /** One mailbox, display name encoded when not ASCII. */
  static String mailbox(String value) {
    try {
      InternetAddress address = new InternetAddress(oneLine(value), true);
      String personal = address.getPersonal();
      if (personal != null && !personal.isBlank()) {
        address.setPersonal(personal, "UTF-8");
      }
      return address.toString();
    } catch (AddressException | UnsupportedEncodingException e) {
      throw new IllegalArgumentException("not a mail address: " + value, e);
    }
  }

  /** The bare address of a mailbox, for the SMTP envelope. */
  static String address(String value) {
    try {
      return new InternetAddress(oneLine(value), true).getAddress();
    } catch (AddressException e) {
      throw new IllegalArgumentException("not a mail address: " + value, e);
    }
  }

  /**
   * "Name: value" folded at spaces into lines of at most 78 characters where possible (RFC 5322
   * 2.2.3); without the final CRLF. A token longer than a line stays whole.
   */
  static String fold(String name, String value) {
    String line = name + ": " + value;
    if (line.length() <= LINE) {
      return line;
    }
    StringBuilder out = new StringBuilder(line.length() + 16);
    int lineStart = 0;
    int lastSpace = -1;
    for (int i = name.length() + 2; i < line.length(); i++) {
      if (line.charAt(i) == ' ') {
        if (i - lineStart > LINE && lastSpace > lineStart) {
          out.append(line, lineStart, lastSpace).append("\r\n");
          lineStart = lastSpace;
        }
        lastSpace = i;
      }
    }
    if (line.length() - lineStart > LINE && lastSpace > lineStart) {
      out.append(line, lineStart, lastSpace).append("\r\n");
      lineStart = lastSpace;
    }
    return out.append(line, lineStart, line.length()).toString();
  }

  /** Header injection guard: a value never carries a line break of its own. */
  static String oneLine(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\t') {
        return BREAKS.matcher(value).replaceAll(" ").strip();
      }
    }
    return value.strip();
  }

  private static boolean isPrintableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 32 || c > 126) {
        return false;
      }
    }
    // "=?" would read as the start of an encoded word (RFC 2047 6.2).
    return !s.contains("=?");
  }
}
