package dev.digest.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.templateresolver.FileTemplateResolver;

/**
 * Renders any template (digest and confirmation mails, web pages) with Thymeleaf: {@code *.html} in
 * HTML mode, {@code *.txt} in TEXT mode. Every template is built in (the jar carries the repo's
 * {@code templates/} folder); a file of the same name in the templates folder (by default {@code
 * templates/} beside the config) overrides it, file by file, fragments included: an edited {@code
 * web/layout.html} changes every page. Override files are read on each call (no cache), so an edit
 * shows on the next render. Template errors name file and line. Thread-safe.
 */
public final class TemplateRenderer {

  /** Where the built-in templates are on the class path. */
  static final String BUILT_IN = "templates/";

  private final Path templatesDir;
  private final TemplateEngine html;
  private final TemplateEngine text;

  public TemplateRenderer(Path templatesDir) {
    this.templatesDir = templatesDir.toAbsolutePath().normalize();
    this.html = engine(TemplateMode.HTML);
    this.text = engine(TemplateMode.TEXT);
  }

  private TemplateEngine engine(TemplateMode mode) {
    FileTemplateResolver overrides = new FileTemplateResolver();
    overrides.setPrefix(templatesDir.toString() + "/");
    overrides.setTemplateMode(mode);
    overrides.setCharacterEncoding("UTF-8");
    // Templates are user-editable files: read them fresh every time.
    overrides.setCacheable(false);
    // A name the folder does not have falls through to the built-in one.
    overrides.setCheckExistence(true);
    overrides.setOrder(1);
    ClassLoaderTemplateResolver builtIn =
        new ClassLoaderTemplateResolver(TemplateRenderer.class.getClassLoader());
    builtIn.setPrefix(BUILT_IN);
    builtIn.setTemplateMode(mode);
    builtIn.setCharacterEncoding("UTF-8");
    builtIn.setCheckExistence(true);
    builtIn.setOrder(2);
    TemplateEngine engine = new TemplateEngine();
    engine.addTemplateResolver(overrides);
    engine.addTemplateResolver(builtIn);
    return engine;
  }

  /** The override folder (it need not exist: then every template is the built-in one). */
  public Path templatesDir() {
    return templatesDir;
  }

  /**
   * @param name path under the templates folder, e.g. {@code confirm.html}, {@code web/home.html}
   * @throws RenderException naming the template file and line when the template is missing or
   *     broken
   */
  public String render(String name, Map<String, Object> variables, String language) {
    String where = describe(name);
    Context context = new Context(Locale.forLanguageTag(language), variables);
    TemplateEngine engine = name.endsWith(".txt") ? text : html;
    try {
      return engine.process(name, context);
    } catch (TemplateProcessingException e) {
      // The line is on the innermost processing exception that knows it.
      Integer line = null;
      String detail = e.getMessage();
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof TemplateProcessingException
            && ((TemplateProcessingException) t).getLine() != null) {
          TemplateProcessingException tpe = (TemplateProcessingException) t;
          line = tpe.getLine();
          detail = tpe.getMessage();
        }
        if (t.getCause() == t) {
          break;
        }
      }
      String at = line != null ? where + ":" + line + ": " : where + ": ";
      throw new RenderException(at + firstLine(detail), e);
    }
  }

  /** The bytes of a template or asset ({@code web/style.css}): the override, else the built-in. */
  public byte[] read(String name) {
    Path file = overrideFile(name);
    try {
      if (Files.isRegularFile(file)) {
        return Files.readAllBytes(file);
      }
      try (InputStream in = builtIn(name)) {
        if (in == null) {
          throw new RenderException(notFound(name), null);
        }
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + name, e);
    }
  }

  /** Where {@code name} comes from, for messages: the override file or "built-in NAME". */
  private String describe(String name) {
    Path file = overrideFile(name);
    if (Files.isRegularFile(file)) {
      return file.toString();
    }
    if (TemplateRenderer.class.getClassLoader().getResource(BUILT_IN + name) != null) {
      return "built-in " + name;
    }
    throw new RenderException(notFound(name), null);
  }

  private String notFound(String name) {
    return "template not found: "
        + name
        + " (neither "
        + templatesDir.resolve(name)
        + " nor a built-in template)";
  }

  private Path overrideFile(String name) {
    Objects.requireNonNull(name, "name");
    Path file = templatesDir.resolve(name).normalize();
    if (!file.startsWith(templatesDir) || name.contains("..") || name.startsWith("/")) {
      throw new IllegalArgumentException("template outside the templates folder: " + name);
    }
    return file;
  }

  private static InputStream builtIn(String name) {
    return TemplateRenderer.class.getClassLoader().getResourceAsStream(BUILT_IN + name);
  }

  /**
   * Every built-in template and asset, as paths under the templates folder ({@code digest.html},
   * {@code web/style.css}), sorted: what {@code digest templates export} writes out. Read off the
   * jar (or the classes folder in a build) rather than a list kept by hand.
   */
  public static List<String> builtInNames() {
    URL anchor = TemplateRenderer.class.getClassLoader().getResource(BUILT_IN + "digest.html");
    if (anchor == null) {
      throw new IllegalStateException("the built-in templates are missing from the class path");
    }
    List<String> out = new ArrayList<>();
    try {
      if ("jar".equals(anchor.getProtocol())) {
        // A zip file system rather than the URL's JarURLConnection: only the http package opens
        // URL connections (ArchitectureTest), and this reads the same entries.
        try (FileSystem jar = FileSystems.newFileSystem(anchor.toURI(), Map.of())) {
          collect(jar.provider().getPath(anchor.toURI()).getParent(), out);
        }
      } else {
        collect(Path.of(anchor.toURI()).getParent(), out);
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot list the built-in templates: " + e.getMessage(), e);
    }
    out.sort(null);
    return out;
  }

  private static void collect(Path root, List<String> out) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(Files::isRegularFile)
          .forEach(f -> out.add(root.relativize(f).toString().replace('\\', '/')));
    }
  }

  /** The built-in bytes of {@code name}, empty when there is no such built-in template. */
  public static Optional<byte[]> builtInBytes(String name) {
    try (InputStream in = builtIn(name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in template " + name, e);
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
