package dev.digest.bounce;

import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMultipart;

/**
 * A multipart that refuses what Jakarta Mail forgives by default: no closing boundary, no boundary
 * parameter, a boundary parameter that no line matches. Jakarta Mail reads these switches from
 * system properties, which would change every other reader in the process; a subclass keeps them to
 * this parser.
 */
final class StrictMultipart extends MimeMultipart {

  StrictMultipart(DataSource source) throws MessagingException {
    super(source);
  }

  @Override
  protected void initializeProperties() {
    ignoreMissingEndBoundary = false;
    ignoreMissingBoundaryParameter = false;
    ignoreExistingBoundaryParameter = false;
    allowEmpty = false;
  }
}
