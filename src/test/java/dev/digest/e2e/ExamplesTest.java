package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's "try it offline": examples/feeds.yml previews with no network at all. */
class ExamplesTest {

  @TempDir Path dir;

  @Test
  void theShippedExamplePreviewsOfflineWithTheAuthorsSectionsWhereThereAreAny() throws Exception {
    // A copy, so the test leaves no database in the repository's examples/ folder.
    Path examples = dir.resolve("examples");
    Path source = Path.of("examples");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.toString().contains("data")) {
          continue;
        }
        Path target = examples.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    Path out = dir.resolve("preview");
    Cli.Result r =
        Cli.run(
            "preview",
            "--out",
            out.toString(),
            "--config",
            examples.resolve("feeds.yml").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("edition #1 with 6 articles").doesNotContain("could not be read");
    String html = Files.readString(out.resolve("digest.html"));
    // The author's own bullets, word for word, where the article has them (RSS, both sections).
    assertThat(html)
        .contains(
            "The 23:10 crossing to the outer islands resumes on 7 December, four nights a week.")
        .contains("Electric propulsion halves the cost of each crossing.");
    // From the Atom feed (TL;DR) and the JSON Feed (Key Takeaways only).
    assertThat(html)
        .contains(
            "Ten minutes on two stones before a session keeps an edge that cuts with hand pressure alone.")
        .contains("Young cod and pipefish shelter in the new meadows.");
    // And the articles without sections are there too, summarized extractively.
    assertThat(html)
        .contains("Market hall roof to be replaced in spring")
        .contains("Glue-ups without panic")
        .contains("Nest boxes for swifts on the new school");
  }
}
