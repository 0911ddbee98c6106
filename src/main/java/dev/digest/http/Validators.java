package dev.digest.http;

import java.util.Optional;

/** Conditional GET validators from the previous fetch (RFC 9110 §13.1). */
public record Validators(Optional<String> etag, Optional<String> lastModified) {

  public static final Validators NONE = new Validators(Optional.empty(), Optional.empty());
}
