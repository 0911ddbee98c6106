package dev.digest.edition;

import java.time.Instant;

/**
 * An edition as stored: its id, its rendered bodies (with personal-link placeholders), status.
 *
 * @param approveBy for a draft, when it is sent or dropped unless approved; {@code null} for none
 */
public record StoredEdition(
    long id,
    Edition edition,
    String subject,
    String html,
    String text,
    String status,
    Instant approveBy) {

  /** Built and stored, mailed to no reader: waiting for an editor (digest.approval: required). */
  public static final String DRAFT = "draft";

  public static final String SENDING = "sending";
  public static final String SENT = "sent";

  public StoredEdition(
      long id, Edition edition, String subject, String html, String text, String status) {
    this(id, edition, subject, html, text, status, null);
  }

  public boolean finished() {
    return SENT.equals(status);
  }

  public boolean draft() {
    return DRAFT.equals(status);
  }
}
