package dev.digest.feed;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the bytes of a feed into text. The charset comes from the byte order mark, then the HTTP
 * {@code charset} parameter, then the XML declaration (RFC 7303 §3.2 order), then UTF-8; a
 * candidate that does not decode cleanly is skipped, and a Latin-1 style declaration is overruled
 * when the bytes are valid multi-byte UTF-8 (servers often default to ISO-8859-1 wrongly).
 */
final class TextDecoder {

  private static final Pattern PROLOG_ENCODING =
      Pattern.compile("<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
  private static final Pattern HTTP_CHARSET =
      Pattern.compile("charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)", Pattern.CASE_INSENSITIVE);

  private TextDecoder() {}

  static String decode(byte[] bytes, String contentType) {
    int bomLength = 0;
    List<Charset> candidates = new ArrayList<>();
    Optional<Charset> bom = bomCharset(bytes);
    if (bom.isPresent()) {
      candidates.add(bom.get());
      bomLength =
          bom.get().equals(StandardCharsets.UTF_8)
              ? 3
              : bom.get().name().startsWith("UTF-32") ? 4 : 2;
    } else if (bytes.length >= 4
        && bytes[0] == 0
        && bytes[1] == 0
        && bytes[2] == 0
        && bytes[3] == '<') {
      candidates.add(Charset.forName("UTF-32BE"));
    } else if (bytes.length >= 4
        && bytes[0] == '<'
        && bytes[1] == 0
        && bytes[2] == 0
        && bytes[3] == 0) {
      candidates.add(Charset.forName("UTF-32LE"));
    } else if (bytes.length >= 2 && bytes[0] == 0 && bytes[1] == '<') {
      candidates.add(StandardCharsets.UTF_16BE);
    } else if (bytes.length >= 2 && bytes[0] == '<' && bytes[1] == 0) {
      candidates.add(StandardCharsets.UTF_16LE);
    }
    charsetNamed(match(HTTP_CHARSET, contentType == null ? "" : contentType))
        .ifPresent(candidates::add);
    String head = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.ISO_8859_1);
    charsetNamed(match(PROLOG_ENCODING, head)).ifPresent(candidates::add);
    candidates.add(StandardCharsets.UTF_8);

    ByteBuffer body = ByteBuffer.wrap(bytes, bomLength, bytes.length - bomLength);
    Optional<String> utf8 = Optional.empty();
    boolean high = hasHighBytes(bytes);
    if (bom.isEmpty() && high && isSingleByteLatin(candidates.get(0))) {
      utf8 = strict(body.duplicate(), StandardCharsets.UTF_8);
      if (utf8.isPresent()) {
        return utf8.get();
      }
    }
    for (Charset c : candidates) {
      if (high && isSingleByteLatin(c) && utf8.isEmpty()) {
        utf8 = strict(body.duplicate(), StandardCharsets.UTF_8);
        if (utf8.isPresent()) {
          return utf8.get();
        }
      }
      if (!high && c.equals(StandardCharsets.UTF_8)) {
        // Pure ASCII: any ASCII-compatible decode gives the same text.
        return new String(bytes, bomLength, bytes.length - bomLength, StandardCharsets.ISO_8859_1);
      }
      Optional<String> text = strict(body.duplicate(), c);
      if (text.isPresent()) {
        return text.get();
      }
    }
    // Nothing decodes cleanly: windows-1252 maps almost every byte; the rest become U+FFFD.
    return Charset.forName("windows-1252").decode(body.duplicate()).toString();
  }

  private static Optional<Charset> bomCharset(byte[] b) {
    if (b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xFF) == 0xFE && (b[3] & 0xFF) == 0xFF) {
      return Optional.of(Charset.forName("UTF-32BE"));
    }
    if (b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE && b[2] == 0 && b[3] == 0) {
      return Optional.of(Charset.forName("UTF-32LE"));
    }
    if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
      return Optional.of(StandardCharsets.UTF_8);
    }
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
      return Optional.of(StandardCharsets.UTF_16BE);
    }
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
      return Optional.of(StandardCharsets.UTF_16LE);
    }
    return Optional.empty();
  }

  private static String match(Pattern p, String s) {
    Matcher m = p.matcher(s);
    return m.find() ? m.group(1) : "";
  }

  private static Optional<Charset> charsetNamed(String name) {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    String n = name.toLowerCase(Locale.ROOT);
    // A UTF-16 declaration in a document without BOM that reached here is usually a lie.
    if (n.equals("utf-16") || n.equals("utf-32")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Charset.forName(n));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean isSingleByteLatin(Charset c) {
    String n = c.name().toLowerCase(Locale.ROOT);
    return n.equals("iso-8859-1")
        || n.equals("windows-1252")
        || n.equals("us-ascii")
        || n.equals("iso-8859-15");
  }

  private static boolean hasHighBytes(byte[] b) {
    for (byte x : b) {
      if (x < 0) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> strict(ByteBuffer bytes, Charset c) {
    try {
      return Optional.of(
          c.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes)
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
