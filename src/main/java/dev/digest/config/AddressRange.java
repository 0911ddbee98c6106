package dev.digest.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IP address or CIDR range from the config ({@code 10.0.0.0/8}, {@code ::1}, {@code 192.0.2.7}),
 * as used by {@code web.trusted-proxies}. Only literals: a host name is refused, because resolving
 * it would make the config depend on DNS at start.
 */
public record AddressRange(byte[] network, int prefix) {

  // Literal IPv4 (four octets of at most 255) or IPv6 (hex digits and colons, dots for a mapped
  // IPv4 tail): InetAddress resolves anything else through DNS, which a literal never needs.
  private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern LITERAL =
      Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  public static AddressRange parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length > 2 || !LITERAL.matcher(parts[0]).matches()) {
      throw new IllegalArgumentException(
          "expected an IP address or CIDR range such as 10.0.0.0/8, got '" + text + "'");
    }
    byte[] address;
    try {
      address = InetAddress.getByName(parts[0]).getAddress(); // a literal: no DNS lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + parts[0] + "' is not an IP address");
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (parts.length == 2) {
      try {
        prefix = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(
            "the prefix length of '" + text + "' must be 0 to " + bits);
      }
    }
    return new AddressRange(mask(address, prefix), prefix);
  }

  /** {@code text} as an address if it is an IP literal (never a DNS lookup), else empty. */
  public static java.util.Optional<InetAddress> literal(String text) {
    if (text == null || !LITERAL.matcher(text).matches()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return java.util.Optional.empty();
    }
  }

  /** Whether {@code address} lies in this range (IPv4 and IPv6 never match each other). */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    return a.length == network.length && Arrays.equals(mask(a, prefix), network);
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] &= (byte) (0xff << (8 - keep));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressRange r && r.prefix == prefix && Arrays.equals(r.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
