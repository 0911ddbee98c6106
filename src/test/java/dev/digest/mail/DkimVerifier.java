package dev.digest.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An independent DKIM verifier for tests (RFC 6376 6.1.3), written apart from {@link DkimSigner}:
 * its own header parsing and relaxed canonicalization, so a shared bug does not verify itself.
 */
final class DkimVerifier {

  private DkimVerifier() {}

  /** Why verification failed, or "" when the signature is valid. */
  static String verify(byte[] message, PublicKey key) throws Exception {
    String all = new String(message, StandardCharsets.ISO_8859_1);
    int split = all.indexOf("\r\n\r\n");
    String head = all.substring(0, split + 2);
    String body = all.substring(split + 4);
    List<String> fields = new ArrayList<>();
    for (String line : head.split("(?<=\r\n)")) {
      if (line.startsWith(" ") || line.startsWith("\t")) {
        fields.set(fields.size() - 1, fields.get(fields.size() - 1) + line);
      } else if (!line.isEmpty()) {
        fields.add(line);
      }
    }
    String sig =
        fields.stream()
            .filter(f -> f.toLowerCase(Locale.ROOT).startsWith("dkim-signature:"))
            .findFirst()
            .orElse(null);
    if (sig == null) {
      return "no DKIM-Signature";
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (String tag : sig.substring(sig.indexOf(':') + 1).split(";")) {
      int eq = tag.indexOf('=');
      if (eq > 0) {
        tags.put(tag.substring(0, eq).trim(), tag.substring(eq + 1).replaceAll("\\s", ""));
      }
    }
    if (!"rsa-sha256".equals(tags.get("a")) || !"relaxed/relaxed".equals(tags.get("c"))) {
      return "unexpected a= or c=: " + tags;
    }
    byte[] bh =
        MessageDigest.getInstance("SHA-256")
            .digest(canonBody(body).getBytes(StandardCharsets.ISO_8859_1));
    if (!Base64.getEncoder().encodeToString(bh).equals(tags.get("bh"))) {
      return "body hash mismatch";
    }
    StringBuilder signed = new StringBuilder();
    List<String> remaining = new ArrayList<>(fields);
    for (String name : tags.get("h").split(":")) {
      // RFC 6376 5.4.2: instances are taken from the bottom up.
      for (int i = remaining.size() - 1; i >= 0; i--) {
        String f = remaining.get(i);
        if (f.substring(0, f.indexOf(':')).trim().equalsIgnoreCase(name.trim())) {
          signed.append(canonHeader(f)).append("\r\n");
          remaining.remove(i);
          break;
        }
      }
    }
    String withoutB = sig.replaceAll("(?s)(;\\s*b=)[^;]*$", "$1");
    String canonSig = canonHeader(withoutB);
    signed.append(
        canonSig.endsWith("\r\n") ? canonSig.substring(0, canonSig.length() - 2) : canonSig);
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(key);
    rsa.update(signed.toString().getBytes(StandardCharsets.UTF_8));
    return rsa.verify(Base64.getDecoder().decode(tags.get("b"))) ? "" : "bad signature";
  }

  private static String canonHeader(String field) {
    String unfolded = field.replaceAll("\r\n(?=[ \t])", "").replaceAll("\r\n$", "");
    int colon = unfolded.indexOf(':');
    String name = unfolded.substring(0, colon).toLowerCase(Locale.ROOT).strip();
    String value = unfolded.substring(colon + 1).replaceAll("[ \t]+", " ").strip();
    return name + ":" + value;
  }

  private static String canonBody(String body) {
    StringBuilder sb = new StringBuilder();
    for (String line : body.split("\r\n", -1)) {
      sb.append(line.replaceAll("[ \t]+", " ").replaceAll(" +$", "")).append("\r\n");
    }
    String s = sb.toString();
    while (s.endsWith("\r\n\r\n")) {
      s = s.substring(0, s.length() - 2);
    }
    return s.equals("\r\n") ? "" : s;
  }
}
