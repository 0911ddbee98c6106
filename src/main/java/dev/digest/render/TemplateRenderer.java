package dev.digest.render;

import java.nio.file.Path;
import java.util.Map;

/**
 * Renders any template under {@code templates/} (confirmation mails, web pages) with Thymeleaf:
 * {@code *.html} in HTML mode, {@code *.txt} in TEXT mode. Template errors name file and line.
 */
public final class TemplateRenderer {

  public TemplateRenderer(Path templatesDir) {
    throw new UnsupportedOperationException("render helper implements this");
  }

  /** @param name path under the templates folder, e.g. {@code confirm.html}, {@code web/home.html} */
  public String render(String name, Map<String, Object> variables, String language) {
    throw new UnsupportedOperationException();
  }
}
