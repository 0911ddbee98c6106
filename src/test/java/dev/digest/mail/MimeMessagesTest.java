package dev.digest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.DkimSettings;
import dev.digest.testing.Golden;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MimeMessagesTest {

  private static KeyPair keys;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    keys = g.generateKeyPair();
  }

  private static final MimeMessages PLAIN = new MimeMessages("", null);

  static MimeMessage parse(byte[] raw) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
  }

  @Test
  void goldenMessage() throws Exception {
    byte[] raw = PLAIN.toBytes(MailFixtures.mail("Reader <reader@example.com>", 1));
    Golden.check("dev/digest/mail", "simple.expected.eml", new String(raw, StandardCharsets.UTF_8));
  }

  @Test
  void multipartAlternativeTextThenHtmlRoundTrips() throws Exception {
    OutgoingMail mail = MailFixtures.mail("Rëader Nåme <reader@example.com>", 2);
    MimeMessage m = parse(PLAIN.toBytes(mail));
    assertThat(m.getContentType()).startsWith("multipart/alternative");
    Multipart mp = (Multipart) m.getContent();
    assertThat(mp.getCount()).isEqualTo(2);
    assertThat(mp.getBodyPart(0).getContentType()).isEqualTo("text/plain; charset=UTF-8");
    assertThat(mp.getBodyPart(1).getContentType()).isEqualTo("text/html; charset=UTF-8");
    assertThat(mp.getBodyPart(0).getHeader("Content-Transfer-Encoding"))
        .containsExactly("quoted-printable");
    assertThat(((String) mp.getBodyPart(0).getContent()).replace("\r\n", "\n"))
        .isEqualTo(mail.text());
    assertThat(((String) mp.getBodyPart(1).getContent()).replace("\r\n", "\n") + "\n")
        .isEqualTo(mail.html() + "\n");
    assertThat(m.getSubject()).isEqualTo(mail.subject());
    assertThat(m.getHeader("Subject")[0]).startsWith("=?UTF-8?B?");
    assertThat(m.getFrom()[0].toString()).isEqualTo("The Weekly Brief <brief@example.org>");
    assertThat(
            ((jakarta.mail.internet.InternetAddress)
                    m.getRecipients(MimeMessage.RecipientType.TO)[0])
                .getPersonal())
        .isEqualTo("Rëader Nåme");
    assertThat(m.getHeader("Message-ID")).containsExactly("<e12.s2.weekly-brief@example.org>");
    assertThat(m.getHeader("Date")).containsExactly("Mon, 23 Nov 2026 07:00:00 +0000");
    assertThat(m.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
    assertThat(MimeUtility.unfold(m.getHeader("List-Unsubscribe")[0]))
        .isEqualTo(mail.headers().get("List-Unsubscribe"));
    // The extra headers keep their order, after the standard ones.
    List<String> names = headerNames(PLAIN.toBytes(mail));
    assertThat(names)
        .containsExactly(
            "From",
            "To",
            "Subject",
            "Date",
            "Message-ID",
            "MIME-Version",
            "List-Id",
            "List-Unsubscribe",
            "List-Unsubscribe-Post",
            "Content-Type");
  }

  @Test
  void linesAreCrlfAndShort() {
    byte[] raw = PLAIN.toBytes(MailFixtures.mail("reader@example.com", 3));
    String s = new String(raw, StandardCharsets.ISO_8859_1);
    assertThat(s.replace("\r\n", "")).doesNotContain("\n", "\r");
    for (String line : s.split("\r\n")) {
      assertThat(line.length()).as(line).isLessThanOrEqualTo(78);
      for (char c : line.toCharArray()) {
        assertThat((int) c).isBetween(9, 126); // 7-bit clean: no 8BITMIME needed
      }
    }
    assertThat(s).contains("\r\n=2Ea line that starts with a dot").contains("\r\n=46rom here on");
  }

  /** What DirectDataTransport relies on: the bytes can go into SMTP DATA as they are. */
  static void assertSmtpReady(byte[] raw) {
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\n') {
        assertThat(i > 0 && raw[i - 1] == '\r').as("LF at %d without CR", i).isTrue();
        assertThat(i + 1 < raw.length && raw[i + 1] == '.')
            .as("line at %d starts with a dot", i + 1)
            .isFalse();
      } else if (raw[i] == '\r') {
        assertThat(i + 1 < raw.length && raw[i + 1] == '\n').as("CR at %d without LF", i).isTrue();
      }
    }
    assertThat(raw[0]).isNotEqualTo((byte) '.');
    assertThat(new String(raw, raw.length - 2, 2, StandardCharsets.US_ASCII)).isEqualTo("\r\n");
  }

  @Test
  void bytesAreReadyForSmtpDataWithoutDotStuffing() throws Exception {
    MimeMessages signed =
        new MimeMessages(
            "Replies <r@example.org>", new DkimSigner("example.org", "digest", keys.getPrivate()));
    Random random = new Random(7);
    String[] pieces = {
      ".", "..", "\n.", "\r\n.", "\r", "\n", "From ", " ", "\t", "é", "x".repeat(80)
    };
    for (int round = 0; round < 50; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      OutgoingMail m =
          new OutgoingMail(
              "The Brief <brief@example.org>",
              "r@example.com",
              ".subject\r\n.x",
              text.toString(),
              "<p>" + text + "</p>",
              "id" + round + "@example.org",
              MailFixtures.DATE,
              Map.of("X-Note", ".value\n.more"));
      assertSmtpReady(PLAIN.toBytes(m));
      assertSmtpReady(signed.toBytes(m));
    }
  }

  @Test
  void writtenInPiecesItIsTheSameBytes() throws Exception {
    MimeMessages signed =
        new MimeMessages("", new DkimSigner("example.org", "digest", keys.getPrivate()));
    for (MimeMessages m : List.of(PLAIN, signed)) {
      OutgoingMail mail = MailFixtures.mail("reader@example.com", 9);
      RawMail raw = m.encode(mail);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      raw.writeTo(out);
      assertThat(out.toByteArray()).hasSize(raw.length()).isEqualTo(raw.toByteArray());
    }
  }

  @Test
  void headerNamesStartingWithADotAreRefused() {
    OutgoingMail m =
        new OutgoingMail(
            "brief@example.org",
            "r@example.com",
            "s",
            "t",
            "h",
            "x@example.org",
            MailFixtures.DATE,
            Map.of(".X", "v"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PLAIN.toBytes(m))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void identicalInputGivesIdenticalBytes() {
    OutgoingMail m = MailFixtures.mail("reader@example.com", 4);
    assertThat(PLAIN.toBytes(m)).isEqualTo(PLAIN.toBytes(m));
  }

  @Test
  void headerInjectionIsFlattened() throws Exception {
    OutgoingMail evil =
        new OutgoingMail(
            "brief@example.org",
            "reader@example.com",
            "Hi\r\nBcc: victim@example.net",
            "t",
            "<p>h</p>",
            "x@example.org",
            MailFixtures.DATE,
            Map.of("X-Note", "a\nBcc: other@example.net"));
    byte[] raw = PLAIN.toBytes(evil);
    assertThat(headerNames(raw)).doesNotContain("Bcc");
    assertThat(parse(raw).getSubject()).isEqualTo("Hi Bcc: victim@example.net");
  }

  @Test
  void quotedPrintableRoundTripsRandomText() throws Exception {
    Random random = new Random(42);
    String alphabet = "abc XYZ=.\t\n\r é€📰-_=?";
    for (int round = 0; round < 300; round++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(400);
      for (int i = 0; i < len; i++) {
        sb.appendCodePoint(
            alphabet.codePointAt(
                alphabet.offsetByCodePoints(
                    0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
      }
      String in = sb.toString().replace("\r\n", "\n").replace("\r", "");
      ByteSink out = new ByteSink(16);
      QuotedPrintable.encode(in.getBytes(StandardCharsets.UTF_8), out);
      String encoded = new String(out.toByteArray(), StandardCharsets.US_ASCII);
      for (String line : encoded.split("\r\n")) {
        assertThat(line.length()).isLessThanOrEqualTo(76);
        assertThat(line).doesNotEndWith(" ").doesNotEndWith("\t");
      }
      byte[] decoded =
          MimeUtility.decode(new ByteArrayInputStream(out.toByteArray()), "quoted-printable")
              .readAllBytes();
      String expected = in.isEmpty() || in.endsWith("\n") ? in : in + "\n";
      assertThat(new String(decoded, StandardCharsets.UTF_8).replace("\r\n", "\n"))
          .as("round %d", round)
          .isEqualTo(expected);
    }
  }

  @Test
  void dkimSignatureVerifiesAndBreaksOnTampering() throws Exception {
    MimeMessages signed =
        new MimeMessages("", new DkimSigner("example.org", "digest", keys.getPrivate()));
    byte[] raw = signed.toBytes(MailFixtures.mail("reader@example.com", 5));
    String s = new String(raw, StandardCharsets.ISO_8859_1);
    assertThat(s)
        .startsWith(
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org;" + " s=digest;");
    assertThat(s.substring(0, s.indexOf("bh=")).replaceAll("\\s", ""))
        .contains(
            "h=From:To:Subject:Date:Message-ID:MIME-Version:List-Id:List-Unsubscribe:"
                + "List-Unsubscribe-Post:Content-Type;");
    assertThat(DkimVerifier.verify(raw, keys.getPublic())).isEmpty();
    String signatureField = s.substring(0, s.indexOf("\r\nFrom:"));
    assertThat(signatureField.split("\r\n"))
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(78));

    byte[] subject =
        s.replace("Subject: =?UTF-8?B?", "Subject: =?UTF-8?B?X")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(DkimVerifier.verify(subject, keys.getPublic())).isEqualTo("bad signature");
    byte[] body =
        s.replace("Unsubscribe</a>", "Unsubscribe!</a>").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(DkimVerifier.verify(body, keys.getPublic())).isEqualTo("body hash mismatch");
    // Relaxed canonicalization: refolding a header keeps the signature valid.
    byte[] refolded =
        s.replace(
                "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click",
                "\r\nList-Unsubscribe-Post:   List-Unsubscribe=One-Click  ")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(DkimVerifier.verify(refolded, keys.getPublic())).isEmpty();
  }

  /** Rows use ¶ for CRLF and » for TAB. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      plain line                 | a b¶          | a b¶
      runs and tabs collapse     | a  » b¶       | a b¶
      trailing space dropped     | a b »¶        | a b¶
      leading space kept as one  | '   a¶'       | ' a¶'
      inner empty lines stay     | a¶¶  ¶b¶      | a¶¶¶b¶
      empty lines at end dropped | a¶¶ ¶¶        | a¶
      missing final CRLF added   | a¶b           | a¶b¶
      empty body stays empty     | ''            | ''
      only white space           | ' ¶¶'         | ''
      """)
  void relaxedBodyCanonicalization(String name, String in, String expected) {
    String input = in.replace("¶", "\r\n").replace("»", "\t");
    String want = expected.replace("¶", "\r\n");
    assertThat(
            new String(
                DkimSigner.relaxedBody(input.getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII))
        .isEqualTo(want);
  }

  @Test
  void dkimKeyFromSettingsPkcs8AndPkcs1(@TempDir Path dir) throws Exception {
    byte[] pkcs8 = keys.getPrivate().getEncoded();
    Path p8 = dir.resolve("dkim.pem");
    Files.writeString(p8, pem("PRIVATE KEY", pkcs8));
    // PKCS#8 for RSA-2048: 26 bytes of header, then the PKCS#1 key in the OCTET STRING.
    Path p1 = dir.resolve("dkim-rsa.pem");
    Files.writeString(p1, pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length)));
    assertThat(DkimSigner.readKey(Files.readString(p1)).getEncoded()).isEqualTo(pkcs8);

    var settings =
        new dev.digest.config.MailSettings(
            "brief@example.org",
            "",
            "",
            MailFixtures.settings(25, 1, 0).smtp(),
            0,
            1,
            Optional.of(new DkimSettings("example.org", "digest", p8)));
    byte[] raw = new MimeMessages(settings).toBytes(MailFixtures.mail("reader@example.com", 6));
    assertThat(DkimVerifier.verify(raw, keys.getPublic())).isEmpty();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static List<String> headerNames(byte[] raw) {
    String s = new String(raw, StandardCharsets.ISO_8859_1);
    String head = s.substring(0, s.indexOf("\r\n\r\n"));
    return Arrays.stream(head.split("\r\n"))
        .filter(l -> !l.startsWith(" ") && !l.startsWith("\t"))
        .map(l -> l.substring(0, l.indexOf(':')))
        .collect(Collectors.toList());
  }

  @SuppressWarnings("unused")
  private static String dump(MimeMessage m) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
