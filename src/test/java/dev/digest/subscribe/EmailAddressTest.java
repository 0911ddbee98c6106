package dev.digest.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmailAddressTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("plain", "ann@example.org", "ann@example.org"),
        Arguments.of("spaces around", "  ann@example.org ", "ann@example.org"),
        Arguments.of("domain case folded", "Ann.Lee@Example.ORG", "Ann.Lee@example.org"),
        Arguments.of("plus tag", "ann+news@mail.example.co.uk", "ann+news@mail.example.co.uk"),
        Arguments.of(
            "atext", "o'brien!#$%&*=?^_`{|}~-@example.org", "o'brien!#$%&*=?^_`{|}~-@example.org"),
        Arguments.of("IDN domain", "jorg@bücher.example", "jorg@xn--bcher-kva.example"),
        Arguments.of("IDN umlaut domain", "info@münchen.de", "info@xn--mnchen-3ya.de"),
        Arguments.of("trailing root dot", "ann@example.org.", "ann@example.org"),
        Arguments.of(
            "254 chars",
            "a".repeat(64)
                + "@"
                + "b".repeat(63)
                + "."
                + "c".repeat(63)
                + "."
                + "d".repeat(57)
                + ".org",
            "a".repeat(64)
                + "@"
                + "b".repeat(63)
                + "."
                + "c".repeat(63)
                + "."
                + "d".repeat(57)
                + ".org"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void valid(String name, String input, String expected) {
    assertThat(EmailAddress.parse(input).value()).isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("header injection CRLF", "a@b.c\r\nBcc: x@y.z"),
        Arguments.of("bare LF", "a@b.co\nBcc: x@y.z"),
        Arguments.of("bare CR", "a@b.co\r"),
        Arguments.of("NUL", "a\u0000@b.co"),
        Arguments.of("tab", "a\t@b.co"),
        Arguments.of("line separator", "a@b.co\u2028x"),
        Arguments.of("empty", ""),
        Arguments.of("blank", "   "),
        Arguments.of("null", null),
        Arguments.of("no at", "ann.example.org"),
        Arguments.of("two ats", "ann@b@example.org"),
        Arguments.of("no local", "@example.org"),
        Arguments.of("no domain", "ann@"),
        Arguments.of("no dot in domain", "ann@localhost"),
        Arguments.of("leading dot", ".ann@example.org"),
        Arguments.of("double dot", "a..nn@example.org"),
        Arguments.of("space inside", "ann lee@example.org"),
        Arguments.of("quoted local", "\"ann\"@example.org"),
        Arguments.of("angle brackets", "Ann <ann@example.org>"),
        Arguments.of("comma list", "a@example.org,b@example.org"),
        Arguments.of("domain hyphen", "ann@-example.org"),
        Arguments.of("domain underscore", "ann@ex_ample.org"),
        Arguments.of("empty label", "ann@example..org"),
        Arguments.of("numeric tld", "ann@1.2.3.4"),
        Arguments.of("ip literal", "ann@[127.0.0.1]"),
        Arguments.of("local too long", "a".repeat(65) + "@example.org"),
        Arguments.of(
            "255 chars",
            "a".repeat(64)
                + "@"
                + "b".repeat(63)
                + "."
                + "c".repeat(63)
                + "."
                + "d".repeat(58)
                + ".org"),
        Arguments.of("label too long", "ann@" + "b".repeat(64) + ".org"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void invalid(String name, String input) {
    assertThatThrownBy(() -> EmailAddress.parse(input))
        .isInstanceOf(InvalidAddressException.class)
        .hasMessageNotContaining("\n");
    assertThat(EmailAddress.isValid(input)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void keyIgnoresCase() {
    assertThat(EmailAddress.parse("Ann@Example.org").key()).isEqualTo("ann@example.org");
  }
}
