package dev.digest.edition;

/** An edition as stored: its id, its rendered bodies (with personal-link placeholders), status. */
public record StoredEdition(
    long id, Edition edition, String subject, String html, String text, String status) {

  public static final String SENDING = "sending";
  public static final String SENT = "sent";

  public boolean finished() {
    return SENT.equals(status);
  }
}
