package dev.digest.mail;

import dev.digest.config.DkimSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** DKIM signer (RFC 6376): rsa-sha256, relaxed/relaxed canonicalization, JDK only. Thread-safe. */
final class DkimSigner {

  /** Signed when present (RFC 6376 5.4.1 recommends From, To, Subject, Date, Message-ID, ...). */
  static final Set<String> SIGNED =
      Set.of(
          "from",
          "to",
          "subject",
          "date",
          "message-id",
          "reply-to",
          "mime-version",
          "content-type",
          "list-id",
          "list-unsubscribe",
          "list-unsubscribe-post");

  private final String domain;
  private final String selector;
  private final PrivateKey key;

  DkimSigner(String domain, String selector, PrivateKey key) {
    this.domain = domain;
    this.selector = selector;
    this.key = key;
  }

  static DkimSigner fromSettings(DkimSettings dkim) {
    try {
      String pem = Files.readString(dkim.privateKey(), StandardCharsets.US_ASCII);
      return new DkimSigner(dkim.domain(), dkim.selector(), readKey(pem));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read DKIM private key " + dkim.privateKey(), e);
    }
  }

  /** An RSA key from PEM: PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"). */
  static PrivateKey readKey(String pem) {
    boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(b64);
      if (pkcs1) {
        der = pkcs1ToPkcs8(der);
      }
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalArgumentException("DKIM private key is not an RSA key in PEM", e);
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (RFC 5208) with rsaEncryption. */
  private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    byte[] algorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = der(0x04, pkcs1);
    byte[] body = new byte[version.length + algorithm.length + octets.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
    System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
    return der(0x30, body);
  }

  private static byte[] der(int tag, byte[] content) {
    int n = content.length;
    byte[] len;
    if (n < 0x80) {
      len = new byte[] {(byte) n};
    } else if (n < 0x100) {
      len = new byte[] {(byte) 0x81, (byte) n};
    } else if (n < 0x10000) {
      len = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    } else {
      len = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }
    byte[] out = new byte[1 + len.length + n];
    out[0] = (byte) tag;
    System.arraycopy(len, 0, out, 1, len.length);
    System.arraycopy(content, 0, out, 1 + len.length, n);
    return out;
  }

  /**
   * The DKIM-Signature header field (folded, without final CRLF) for a message whose header fields
   * (each "Name: value", possibly folded) and encoded body are given.
   */
  String sign(List<String> headerFields, byte[] body, Instant time) {
    List<String> names = new ArrayList<>();
    StringBuilder canonical = new StringBuilder();
    for (String field : headerFields) {
      String name = field.substring(0, field.indexOf(':')).trim();
      if (SIGNED.contains(name.toLowerCase(Locale.ROOT))) {
        names.add(name);
        canonical.append(relaxedHeader(field)).append("\r\n");
      }
    }
    String bh = Base64.getEncoder().encodeToString(sha256(relaxedBody(body)));
    String unsigned =
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d="
            + domain
            + "; s="
            + selector
            + ";\r\n\tt="
            + time.getEpochSecond()
            + ";\r\n\th="
            + foldNames(names)
            + ";\r\n\tbh="
            + bh
            + ";\r\n\tb=";
    // RFC 6376 3.7: the signature header itself, b= empty, no trailing CRLF, is hashed last.
    canonical.append(relaxedHeader(unsigned));
    String b;
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
      b = Base64.getEncoder().encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("DKIM signing failed", e);
    }
    StringBuilder folded = new StringBuilder(unsigned);
    for (int i = 0; i < b.length(); i += 72) {
      if (i > 0) {
        folded.append("\r\n\t ");
      }
      folded.append(b, i, Math.min(b.length(), i + 72));
    }
    return folded.toString();
  }

  /** The h= list, folded after a colon where a line would pass ~76 columns (FWS is allowed). */
  private static String foldNames(List<String> names) {
    StringBuilder sb = new StringBuilder();
    int col = 3; // tab + "h="
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i) + (i + 1 < names.size() ? ":" : "");
      if (col + name.length() > 76) {
        sb.append("\r\n\t ");
        col = 2;
      }
      sb.append(name);
      col += name.length();
    }
    return sb.toString();
  }

  /** RFC 6376 3.4.2: lowercase name, unfold, collapse white space, trim around the colon. */
  static String relaxedHeader(String field) {
    int colon = field.indexOf(':');
    String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String value = field.substring(colon + 1).replace("\r\n", "").replaceAll("[ \t]+", " ").trim();
    return name + ":" + value;
  }

  /**
   * RFC 6376 3.4.4: collapse white space runs to one space, drop it at line ends, drop empty lines
   * at the end. One pass over the bytes (the body is ~100 KB per message).
   */
  static byte[] relaxedBody(byte[] body) {
    int n = body.length;
    byte[] out = new byte[n + 2]; // never longer: at most a final CRLF is added
    int o = 0;
    int pendingEmpty = 0;
    int i = 0;
    while (i < n) {
      int end = i;
      while (end < n && !(body[end] == '\r' && end + 1 < n && body[end + 1] == '\n')) {
        end++;
      }
      boolean content = false;
      for (int j = i; j < end && !content; j++) {
        content = body[j] != ' ' && body[j] != '\t';
      }
      if (!content) {
        pendingEmpty++; // kept only if a line with content follows
      } else {
        for (; pendingEmpty > 0; pendingEmpty--) {
          out[o++] = '\r';
          out[o++] = '\n';
        }
        boolean space = false;
        for (int j = i; j < end; j++) {
          byte b = body[j];
          if (b == ' ' || b == '\t') {
            space = true;
          } else {
            if (space) {
              out[o++] = ' ';
            }
            space = false;
            out[o++] = b;
          }
        }
        out[o++] = '\r';
        out[o++] = '\n';
      }
      i = end + 2;
    }
    return java.util.Arrays.copyOf(out, o);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
