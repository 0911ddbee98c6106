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
    Files.writeString(dir.resolve("bad.html"), "<p>ok</p>\n<p>ok</p>\n<p th:text=\"${a.}\">x</p>\n");
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
}
