package dev.digest.bench;

import dev.digest.config.DkimSettings;
import dev.digest.config.MailSettings;
import dev.digest.mail.MimeMessages;
import dev.digest.render.DigestRenderer;
import dev.digest.render.RenderedDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes {@code digest.eml} for a 25-item (or {@code -Ditems=N}) sample edition, for {@code shared/tools/emailcheck}.
 * Usage: {@code WriteSampleEml TEMPLATES_DIR OUT.eml [DKIM_PKCS8.pem]}.
 */
public final class WriteSampleEml {
  public static void main(String[] args) throws Exception {
    RenderedDigest digest = new DigestRenderer(SampleEdition.settings(Path.of(args[0])))
        .render(SampleEdition.edition(Integer.getInteger("items", 25)));
    MailSettings base = SampleEdition.mailSettings();
    MailSettings settings = args.length > 2
        ? new MailSettings(base.from(), base.replyTo(), base.unsubscribeMailto(), base.smtp(),
            base.ratePerSecond(), base.pool(),
            Optional.of(new DkimSettings("example.org", "digest", Path.of(args[2]))))
        : base;
    Files.write(Path.of(args[1]), new MimeMessages(settings).toBytes(SampleEdition.mail(digest, 1)));
  }
}
