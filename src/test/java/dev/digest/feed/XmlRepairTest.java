package dev.digest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XmlRepairTest {

  @Test
  void aDoctypeOfAnyCaseGoesWithItsInternalSubset() {
    String feed =
        "<?xml version=\"1.0\"?>\n<!doctype rss [<!ENTITY x \"a > b\"> <!ENTITY y 'c'>]>\n<rss/>";
    assertThat(XmlRepair.stripDoctype(feed)).isEqualTo("<?xml version=\"1.0\"?>\n\n<rss/>");
    assertThat(XmlRepair.stripDoctype("<!-- note --><!DocType rss SYSTEM \"x.dtd\"><rss/>"))
        .isEqualTo("<!-- note --><rss/>");
  }

  @Test
  void withoutADoctypeInItsFirst4kTheTextIsLeftAlone() {
    String none = "<rss><channel><title>&lt;!DOCTYPE is text here</title></channel></rss>";
    assertThat(XmlRepair.stripDoctype(none)).isSameAs(none);
    String late = "<rss>" + " ".repeat(5000) + "<!DOCTYPE rss></rss>";
    assertThat(XmlRepair.stripDoctype(late)).isSameAs(late);
  }
}
