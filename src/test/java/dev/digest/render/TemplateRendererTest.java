package dev.digest.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateRendererTest {

  @TempDir Path dir;

  @Test
  void rendersHtmlEscapedAndTextRaw() throws Exception {
    Files.writeString(dir.resolve("a.html"), "<p th:text=\"${v}\">x</p>");
    Files.writeString(dir.resolve("a.txt"), "Hello [(${v})]!");
    TemplateRenderer r = new TemplateRenderer(dir);
    assertThat(r.render("a.html", Map.of("v", "<b>&"), "en")).isEqualTo("<p>&lt;b&gt;&amp;</p>");
    assertThat(r.render("a.txt", Map.of("v", "<b>&"), "en")).isEqualTo("Hello <b>&!");
  }

  @Test
  void editsShowWithoutRestart() throws Exception {
    Path f = dir.resolve("b.html");
    Files.writeString(f, "<p>one</p>");
    TemplateRenderer r = new TemplateRenderer(dir);
    assertThat(r.render("b.html", Map.of(), "en")).contains("one");
    Files.writeString(f, "<p>two</p>");
    assertThat(r.render("b.html", Map.of(), "en")).contains("two");
  }

  @Test
  void errorNamesFileAndLine() throws Exception {
    Files.writeString(
        dir.resolve("bad.html"), "<p>ok</p>\n<p>ok</p>\n<p th:text=\"${a.}\">x</p>\n");
    TemplateRenderer r = new TemplateRenderer(dir);
    assertThatThrownBy(() -> r.render("bad.html", Map.of(), "en"))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("bad.html:3");
  }

  @Test
  void missingTemplateIsAClearError() {
    TemplateRenderer r = new TemplateRenderer(dir);
    assertThatThrownBy(() -> r.render("none.html", Map.of(), "en"))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("template not found");
  }

  @Test
  void anEmptyOrAbsentFolderRendersTheBuiltInTemplates() {
    TemplateRenderer r = new TemplateRenderer(dir.resolve("no-such-folder"));
    String page = r.render("web/message.html", Map.of("heading", "Hi there", "text", "Body"), "en");
    assertThat(page).contains("Hi there").contains("</html>");
    assertThat(new String(r.read("web/style.css"), java.nio.charset.StandardCharsets.UTF_8))
        .isNotBlank();
  }

  @Test
  void aFileInTheFolderOverridesItsBuiltInOneFragmentsIncluded() throws Exception {
    // Only the layout is overridden; message.html (built in) pulls its fragments from it.
    String builtInLayout =
        new String(
            TemplateRenderer.builtInBytes("web/layout.html").orElseThrow(),
            java.nio.charset.StandardCharsets.UTF_8);
    Files.createDirectories(dir.resolve("web"));
    Files.writeString(
        dir.resolve("web/layout.html"),
        builtInLayout.replace("class=\"site\">", "class=\"site\"><p>OVERRIDDEN-LAYOUT</p>"));
    TemplateRenderer r = new TemplateRenderer(dir);
    assertThat(r.render("web/message.html", Map.of("heading", "H", "text", "T"), "en"))
        .contains("OVERRIDDEN-LAYOUT");
    Files.writeString(dir.resolve("web/style.css"), "body{color:red}");
    assertThat(r.read("web/style.css")).asString().isEqualTo("body{color:red}");
    // A broken override names the override file, not the built-in.
    Files.writeString(dir.resolve("confirm.txt"), "x\n[(${a.})]\n");
    assertThatThrownBy(() -> r.render("confirm.txt", Map.of(), "en"))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining(dir.resolve("confirm.txt") + ":2");
  }

  @Test
  void theBuiltInTemplatesAreTheRepositorysTemplatesFolder() throws Exception {
    java.util.List<String> onDisk;
    Path root = Path.of("templates");
    try (java.util.stream.Stream<Path> files = Files.walk(root)) {
      onDisk =
          files
              .filter(Files::isRegularFile)
              .map(f -> root.relativize(f).toString().replace('\\', '/'))
              .sorted()
              .toList();
    }
    assertThat(TemplateRenderer.builtInNames())
        .isEqualTo(onDisk)
        .contains("digest.html", "digest.txt", "confirm.html", "web/layout.html", "web/style.css");
    for (String name : onDisk) {
      assertThat(TemplateRenderer.builtInBytes(name))
          .as(name)
          .hasValue(Files.readAllBytes(root.resolve(name)));
    }
  }

  @Test
  void aNameOutsideTheFolderIsRefused() {
    TemplateRenderer r = new TemplateRenderer(dir);
    assertThatThrownBy(() -> r.render("../etc/passwd", Map.of(), "en"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.read("../x.css")).isInstanceOf(IllegalArgumentException.class);
  }
}
