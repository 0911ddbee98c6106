package dev.digest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamProviderPinTest {

  @Test
  void namesAProviderJakartaMailCanUseSoNoPartScansTheClassPath() throws Exception {
    String before = System.getProperty(StreamProviderPin.PROPERTY);
    try {
      System.clearProperty(StreamProviderPin.PROPERTY);
      StreamProviderPin.apply();
      String provider = System.getProperty(StreamProviderPin.PROPERTY);

      assertThat(provider).isEqualTo(StreamProviderPin.ANGUS);
      assertThat(jakarta.mail.util.StreamProvider.class).isAssignableFrom(Class.forName(provider));
    } finally {
      restore(before);
    }
  }

  @Test
  void leavesAnOperatorsOwnSettingAlone() {
    String before = System.getProperty(StreamProviderPin.PROPERTY);
    try {
      System.setProperty(StreamProviderPin.PROPERTY, "com.example.OwnProvider");
      StreamProviderPin.apply();

      assertThat(System.getProperty(StreamProviderPin.PROPERTY))
          .isEqualTo("com.example.OwnProvider");
    } finally {
      restore(before);
    }
  }

  private static void restore(String value) {
    if (value == null) {
      System.clearProperty(StreamProviderPin.PROPERTY);
    } else {
      System.setProperty(StreamProviderPin.PROPERTY, value);
    }
  }
}
