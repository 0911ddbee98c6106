package dev.digest.web;

import dev.digest.config.AddressRange;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The address a request came from, for per-address limits. Behind a reverse proxy every request
 * arrives from the proxy, so one visitor would use up everyone's allowance; when the connecting
 * address is a configured trusted proxy, the client is the rightmost X-Forwarded-For entry that is
 * not itself a trusted proxy. Entries further left are written by the client and not believed.
 */
final class ClientAddress {

  private final List<AddressRange> trusted;

  ClientAddress(List<AddressRange> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  String of(Context ctx) {
    return resolve(ctx.ip(), ctx.header("X-Forwarded-For"));
  }

  String resolve(String peer, String forwardedFor) {
    if (!isTrusted(peer) || forwardedFor == null || forwardedFor.isBlank()) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    String last = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = unbracket(hops[i].strip());
      if (AddressRange.literal(hop).isEmpty()) {
        // A trusted proxy writes an address here; anything else means a misconfigured chain.
        return last;
      }
      if (!isTrusted(hop)) {
        return hop;
      }
      last = hop;
    }
    return last; // every hop is a trusted proxy: the request started inside the proxy chain
  }

  private boolean isTrusted(String ip) {
    Optional<InetAddress> a = AddressRange.literal(unbracket(ip));
    return a.isPresent() && trusted.stream().anyMatch(r -> r.contains(a.get()));
  }

  private static String unbracket(String s) {
    return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
  }
}
