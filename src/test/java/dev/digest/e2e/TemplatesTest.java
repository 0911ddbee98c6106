package dev.digest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The templates travel with digest: a config in any folder works, and they can be exported. */
class TemplatesTest {

  @TempDir Path dir;
  FeedServer feeds;

  @BeforeEach
  void start() throws Exception {
    feeds = new FeedServer();
    Fixtures.serveThreeFeeds(feeds);
  }

  @AfterEach
  void stop() {
    feeds.close();
  }

  @Test
  void aConfigInAnotherFolderPreviewsWithTheBuiltInTemplates() throws Exception {
    Path news = Files.createDirectories(dir.resolve("news"));
    Path config = Fixtures.config(news, feeds, Fixtures.freePort());
    // The reported case: no templates key and no templates/ beside the file.
    Files.writeString(config, Files.readString(config).replaceAll("(?m)^  templates: .*\\n", ""));
    assertThat(Files.readString(config)).doesNotContain("templates");
    assertThat(news.resolve("templates")).doesNotExist();
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run("preview", "--out", out.toString(), "--config", config.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(out.resolve("digest.html")))
        .contains("Harbour Brief")
        .contains(Fixtures.QUICK_1);
    assertThat(Files.readString(out.resolve("digest.txt"))).contains("Harbour Brief");
  }

  @Test
  void exportWritesTheBuiltInTemplatesAndOverwritesOnlyWhenForced() throws Exception {
    Path target = dir.resolve("my-templates");
    Cli.Result r = Cli.run("templates", "export", target.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Path repo = Path.of("templates");
    long count;
    try (Stream<Path> files = Files.walk(repo)) {
      count = files.filter(Files::isRegularFile).count();
    }
    assertThat(r.out()).contains(count + " templates written to " + target);
    assertThat(Files.readString(target.resolve("web/layout.html")))
        .isEqualTo(Files.readString(repo.resolve("web/layout.html")));
    assertThat(Files.readString(target.resolve("digest.txt")))
        .isEqualTo(Files.readString(repo.resolve("digest.txt")));

    Files.writeString(target.resolve("digest.txt"), "edited by the operator");
    Cli.Result again = Cli.run("templates", "export", target.toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("exist already").contains("nothing written");
    assertThat(Files.readString(target.resolve("digest.txt"))).isEqualTo("edited by the operator");

    Cli.Result forced = Cli.run("templates", "export", target.toString(), "--force");
    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(forced.out()).contains(count + " overwritten");
    assertThat(Files.readString(target.resolve("digest.txt")))
        .isEqualTo(Files.readString(repo.resolve("digest.txt")));
  }
}
