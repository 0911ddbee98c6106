package dev.digest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.ConfigLoader;
import dev.digest.config.DigestConfig;
import dev.digest.mail.OutgoingMail;
import dev.digest.mail.VerpTokens;
import dev.digest.render.DigestTemplate;
import dev.digest.render.PersonalLinks;
import dev.digest.render.TemplateRenderer;
import dev.digest.subscribe.Subscriber;
import dev.digest.subscribe.SubscriberStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With relay webhooks on, each delivery carries Postmark's metadata headers naming it (Postmark
 * rewrites the envelope sender, so the VERP token would not come back); with them off, none.
 */
class RelayMetadataTest {

  @TempDir Path dir;

  @Test
  void metadataHeadersNameTheDeliveryOnlyWhileWebhooksAreOn() throws Exception {
    VerpTokens verp = new VerpTokens("relay-metadata-secret".getBytes(StandardCharsets.UTF_8));
    OutgoingMail on =
        compose(
            config(
                """
        mail:
          from: "Brief <brief@example.org>"
          bounces:
            webhooks: { secret: "hook-secret-0123456789" }
        """),
            verp);
    assertThat(on.headers())
        .containsEntry("X-PM-Metadata-digest-message-id", "e4.s9.x@example.org");
    String token = on.headers().get("X-PM-Metadata-digest-token");
    assertThat(verp.verify(token))
        .contains(new VerpTokens.Delivery(VerpTokens.Purpose.BOUNCE, 4, 9));

    OutgoingMail off =
        compose(
            config(
                """
        mail:
          from: "Brief <brief@example.org>"
        """),
            verp);
    assertThat(off.headers())
        .doesNotContainKeys("X-PM-Metadata-digest-token", "X-PM-Metadata-digest-message-id");
    assertThat(off.headers()).containsKey("List-Unsubscribe");
  }

  @Test
  void theWelcomeMailCarriesTheMetadataOfItsDeliveryToo() throws Exception {
    VerpTokens verp = new VerpTokens("relay-metadata-secret".getBytes(StandardCharsets.UTF_8));
    DigestConfig c =
        config(
            """
        mail:
          from: "Brief <brief@example.org>"
          bounces:
            webhooks: { secret: "hook-secret-0123456789" }
        """);
    try (DeliveryFixture f = DeliveryFixture.h2()) {
      WelcomeSender welcome =
          new WelcomeSender(
              new WelcomeRepository(f.db, f.clock),
              f.subscribers,
              f.editions,
              id -> "https://news.example.org/unsubscribe?t=" + id,
              new dev.digest.subscribe.RecordingMailer(),
              new TemplateRenderer(dir.resolve("no-templates")),
              c.digest(),
              c.mail(),
              f.clock,
              Optional.of(verp));
      Subscriber s =
          new Subscriber(
              7,
              "reader@example.net",
              SubscriberStatus.ACTIVE,
              Instant.EPOCH,
              Optional.of(Instant.EPOCH),
              Optional.empty());

      OutgoingMail mail = welcome.compose(s, Optional.empty(), "w7.x@example.org");

      assertThat(mail.headers())
          .containsEntry("X-PM-Metadata-digest-message-id", "w7.x@example.org");
      // edition 0: a welcome is of no edition, and its bounce counts for the subscriber
      assertThat(verp.verify(mail.headers().get("X-PM-Metadata-digest-token")))
          .contains(new VerpTokens.Delivery(VerpTokens.Purpose.BOUNCE, 0, 7));
      assertThat(mail.headers()).containsEntry("Auto-Submitted", "auto-generated");
    }
  }

  private DigestConfig config(String mail) throws Exception {
    Path f = dir.resolve("feeds-" + mail.hashCode() + ".yml");
    Files.writeString(f, mail + "feeds:\n  - { url: \"http://127.0.0.1:9/feed.xml\" }\n");
    return ConfigLoader.load(f);
  }

  private static OutgoingMail compose(DigestConfig c, VerpTokens verp) {
    MessageComposer composer =
        new MessageComposer(c.digest(), c.mail(), Clock.systemUTC(), Optional.of(verp));
    return composer.compose(
        new MessageComposer.Bodies(new DigestTemplate("Brief #4", "<p>html</p>", "text")),
        new PersonalLinks("https://news.example.org/unsubscribe?t=x"),
        "reader@example.net",
        "e4.s9.x@example.org",
        Optional.of(new MessageComposer.Recipient(4, 9)));
  }
}
