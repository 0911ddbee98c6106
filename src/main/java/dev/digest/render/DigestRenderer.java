package dev.digest.render;

import dev.digest.config.DigestSettings;
import dev.digest.edition.Edition;

/**
 * Renders an edition to mail HTML (CSS inlined) and plain text from {@code templates/digest.html}
 * and {@code templates/digest.txt}. Templates are read from disk on every render, so editing them
 * changes the next preview without a rebuild. Thread-safe.
 */
public final class DigestRenderer {

  public DigestRenderer(DigestSettings settings) {
    throw new UnsupportedOperationException("render helper implements this");
  }

  public RenderedDigest render(Edition edition) {
    throw new UnsupportedOperationException();
  }
}
