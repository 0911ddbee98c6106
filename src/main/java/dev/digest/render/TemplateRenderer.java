package dev.digest.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.FileTemplateResolver;

/**
 * Renders any template under {@code templates/} (confirmation mails, web pages) with Thymeleaf:
 * {@code *.html} in HTML mode, {@code *.txt} in TEXT mode. Templates are read from disk on each
 * call (no cache), so editing them shows on the next render. Template errors name file and line.
 * Thread-safe.
 */
public final class TemplateRenderer {

  private final Path templatesDir;
  private final TemplateEngine html;
  private final TemplateEngine text;

  public TemplateRenderer(Path templatesDir) {
    this.templatesDir = templatesDir.toAbsolutePath().normalize();
    this.html = engine(TemplateMode.HTML);
    this.text = engine(TemplateMode.TEXT);
  }

  private TemplateEngine engine(TemplateMode mode) {
    FileTemplateResolver resolver = new FileTemplateResolver();
    resolver.setPrefix(templatesDir.toString() + "/");
    resolver.setTemplateMode(mode);
    resolver.setCharacterEncoding("UTF-8");
    // Templates are user-editable files: read them fresh every time.
    resolver.setCacheable(false);
    TemplateEngine engine = new TemplateEngine();
    engine.setTemplateResolver(resolver);
    return engine;
  }

  public Path templatesDir() {
    return templatesDir;
  }

  /**
   * @param name path under the templates folder, e.g. {@code confirm.html}, {@code web/home.html}
   * @throws RenderException naming the template file and line when the template is missing or
   *     broken
   */
  public String render(String name, Map<String, Object> variables, String language) {
    Objects.requireNonNull(name, "name");
    Path file = templatesDir.resolve(name).normalize();
    if (!file.startsWith(templatesDir)) {
      throw new IllegalArgumentException("template outside the templates folder: " + name);
    }
    if (!Files.isRegularFile(file)) {
      throw new RenderException("template not found: " + file, null);
    }
    Context context = new Context(Locale.forLanguageTag(language), variables);
    TemplateEngine engine = name.endsWith(".txt") ? text : html;
    try {
      return engine.process(name, context);
    } catch (TemplateProcessingException e) {
      // The line is on the innermost processing exception that knows it.
      Integer line = null;
      String detail = e.getMessage();
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof TemplateProcessingException && ((TemplateProcessingException) t).getLine() != null) {
          TemplateProcessingException tpe = (TemplateProcessingException) t;
          line = tpe.getLine();
          detail = tpe.getMessage();
        }
        if (t.getCause() == t) {
          break;
        }
      }
      String where = line != null ? file + ":" + line + ": " : file + ": ";
      throw new RenderException(where + firstLine(detail), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "template error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
