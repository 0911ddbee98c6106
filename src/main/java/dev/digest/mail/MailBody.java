package dev.digest.mail;

import java.util.Objects;

/**
 * One body of a message: a template shared by all recipients and this recipient's value for its
 * placeholder.
 */
public record MailBody(BodyTemplate template, String value) {

  public MailBody {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(value, "value");
  }

  /** A body that is the same for everyone. */
  public static MailBody of(String content) {
    return new MailBody(BodyTemplate.of(content), "");
  }

  /** The body as the recipient reads it. */
  public String content() {
    return template.fill(value);
  }
}
