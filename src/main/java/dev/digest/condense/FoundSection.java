package dev.digest.condense;

import java.util.List;

/**
 * An author's summary section: its kind, the heading text that matched, how the heading was marked
 * up ({@code h2}, {@code bold-lead-in}, {@code class}, {@code text-heading}...) and its bullets,
 * cleaned of markup.
 */
public record FoundSection(SectionKind kind, String heading, String markup, List<String> bullets) {

  public FoundSection {
    bullets = List.copyOf(bullets);
  }
}
