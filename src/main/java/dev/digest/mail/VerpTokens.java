package dev.digest.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens in the per-delivery addresses: the envelope sender {@code local+TOKEN@domain} (where
 * bounces go, VERP) and the List-Unsubscribe mailto {@code local+u-TOKEN@domain}. A token names one
 * delivery (edition, subscriber) and carries an 80-bit HMAC-SHA256 over it with the purpose, so no
 * one can forge or guess one, a bounce token never verifies as an unsubscribe one, and nothing
 * needs to be stored to check it.
 *
 * <p>Lowercase base32 ({@code a-z2-7}): mail systems may lowercase a local part, and some drop
 * characters such as {@code =}. Ids below 2^35 (34 billion) give 32 characters, so the local part
 * stays under RFC 5321's 64 octets with a base of up to 29 characters.
 */
public final class VerpTokens {

  /** Whom a verified token names, and what for. */
  public record Delivery(Purpose purpose, long editionId, long subscriberId) {}

  /** What a token is for. */
  public enum Purpose {
    BOUNCE("digest-verp-bounce"),
    UNSUBSCRIBE("digest-verp-unsubscribe");

    private final byte[] label;

    Purpose(String label) {
      this.label = label.getBytes(StandardCharsets.US_ASCII);
    }
  }

  /** The prefix of the unsubscribe form's subaddress. */
  public static final String UNSUBSCRIBE_PREFIX = "u-";

  /** RFC 5321 4.5.3.1.1: the most octets in a local part. */
  public static final int MAX_LOCAL_PART = 64;

  private static final int MAC_BYTES = 10;
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  /**
   * @param secret the app's HMAC secret (at least 16 bytes); a key for these tokens is derived
   */
  public VerpTokens(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 16) {
      throw new IllegalArgumentException("the secret must be at least 16 bytes");
    }
    // A key of its own, so these short tokens and the confirm/unsubscribe links never share one.
    this.key =
        new SecretKeySpec(
            mac(
                new SecretKeySpec(secret, ALGORITHM),
                "digest-verp-key".getBytes(StandardCharsets.US_ASCII)),
            ALGORITHM);
  }

  /** The token of a delivery, without any prefix. */
  public String token(Purpose purpose, long editionId, long subscriberId) {
    if (editionId < 0 || subscriberId < 0) {
      throw new IllegalArgumentException("ids are never negative");
    }
    ByteArrayOutputStream ids = new ByteArrayOutputStream(20);
    varint(ids, editionId);
    varint(ids, subscriberId);
    byte[] body = ids.toByteArray();
    byte[] tag = tag(purpose, body);
    byte[] all = new byte[body.length + MAC_BYTES];
    System.arraycopy(body, 0, all, 0, body.length);
    System.arraycopy(tag, 0, all, body.length, MAC_BYTES);
    return base32(all);
  }

  /**
   * The address of a delivery: {@code local+TOKEN@domain} (bounce) or {@code local+u-TOKEN@domain}
   * (unsubscribe) of a bare {@code base} address; the plain base when the local part would pass 64
   * octets (the mail still goes; its bounce is then matched by its Message-ID).
   */
  public String address(String base, Purpose purpose, long editionId, long subscriberId) {
    int at = base.lastIndexOf('@');
    if (at <= 0) {
      throw new IllegalArgumentException("not an address: " + base);
    }
    String sub =
        (purpose == Purpose.UNSUBSCRIBE ? UNSUBSCRIBE_PREFIX : "")
            + token(purpose, editionId, subscriberId);
    String local = base.substring(0, at) + "+" + sub;
    return local.length() > MAX_LOCAL_PART ? base : local + base.substring(at);
  }

  /**
   * The delivery a subaddress names ({@code TOKEN} or {@code u-TOKEN}, any case), when its MAC
   * verifies; empty for anything else, tampered or not ours.
   */
  public Optional<Delivery> verify(String subaddress) {
    if (subaddress == null || subaddress.length() > 80) {
      return Optional.empty();
    }
    String s = subaddress.toLowerCase(Locale.ROOT);
    Purpose purpose = Purpose.BOUNCE;
    if (s.startsWith(UNSUBSCRIBE_PREFIX)) {
      purpose = Purpose.UNSUBSCRIBE;
      s = s.substring(UNSUBSCRIBE_PREFIX.length());
    }
    Optional<byte[]> raw = unbase32(s);
    if (raw.isEmpty() || raw.get().length < MAC_BYTES + 2) {
      return Optional.empty();
    }
    byte[] all = raw.get();
    int n = all.length - MAC_BYTES;
    byte[] body = java.util.Arrays.copyOf(all, n);
    byte[] given = java.util.Arrays.copyOfRange(all, n, all.length);
    byte[] expected = java.util.Arrays.copyOf(tag(purpose, body), MAC_BYTES);
    if (!MessageDigest.isEqual(given, expected)) {
      return Optional.empty();
    }
    long[] ids = new long[2];
    int pos = 0;
    for (int i = 0; i < 2; i++) {
      long v = 0;
      int shift = 0;
      while (true) {
        if (pos >= n || shift > 63) {
          return Optional.empty();
        }
        int b = body[pos++] & 0xff;
        v |= (long) (b & 0x7f) << shift;
        shift += 7;
        if ((b & 0x80) == 0) {
          break;
        }
      }
      ids[i] = v;
    }
    return pos == n ? Optional.of(new Delivery(purpose, ids[0], ids[1])) : Optional.empty();
  }

  private byte[] tag(Purpose purpose, byte[] body) {
    byte[] input = new byte[purpose.label.length + 1 + body.length];
    System.arraycopy(purpose.label, 0, input, 0, purpose.label.length);
    System.arraycopy(body, 0, input, purpose.label.length + 1, body.length);
    return mac(key, input);
  }

  private static byte[] mac(SecretKeySpec key, byte[] input) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static String base32(byte[] data) {
    StringBuilder s = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        s.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      s.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    }
    return s.toString();
  }

  private static Optional<byte[]> unbase32(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int v;
      if (c >= 'a' && c <= 'z') {
        v = c - 'a';
      } else if (c >= '2' && c <= '7') {
        v = c - '2' + 26;
      } else {
        return Optional.empty();
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    // Leftover bits must be the zero padding of the last character, or the text is not ours.
    if ((buffer & ((1 << bits) - 1)) != 0) {
      return Optional.empty();
    }
    return Optional.of(out.toByteArray());
  }
}
