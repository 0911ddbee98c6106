package dev.digest.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.AddressRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  private final ClientAddress proxied =
      new ClientAddress(List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("::1")));

  @Test
  void theConnectingAddressCountsWhenItIsNoTrustedProxy() {
    assertThat(proxied.resolve("198.51.100.7", "203.0.113.1")).isEqualTo("198.51.100.7");
    assertThat(new ClientAddress(List.of()).resolve("10.1.1.1", "203.0.113.1"))
        .isEqualTo("10.1.1.1");
  }

  @Test
  void behindTrustedProxiesTheRightmostUntrustedHopIsTheClient() {
    assertThat(proxied.resolve("10.0.0.2", "203.0.113.1")).isEqualTo("203.0.113.1");
    // Two proxies in a row; the client-written left-hand entry is not believed.
    assertThat(proxied.resolve("10.0.0.2", "1.2.3.4, 203.0.113.1, 10.0.0.3"))
        .isEqualTo("203.0.113.1");
    assertThat(proxied.resolve("0:0:0:0:0:0:0:1", "[2001:db8::5]")).isEqualTo("2001:db8::5");
  }

  @Test
  void missingOrBrokenForwardedForFallsBackToTheLastKnownHop() {
    assertThat(proxied.resolve("10.0.0.2", null)).isEqualTo("10.0.0.2");
    assertThat(proxied.resolve("10.0.0.2", "  ")).isEqualTo("10.0.0.2");
    assertThat(proxied.resolve("10.0.0.2", "unknown")).isEqualTo("10.0.0.2");
    assertThat(proxied.resolve("10.0.0.2", "203.0.113.1, not-an-ip, 10.0.0.3"))
        .isEqualTo("10.0.0.3");
    // Every hop a trusted proxy: the request started inside the chain.
    assertThat(proxied.resolve("10.0.0.2", "10.0.0.5, 10.0.0.3")).isEqualTo("10.0.0.5");
  }
}
