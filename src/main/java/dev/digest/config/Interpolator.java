package dev.digest.config;

import java.util.Map;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in a scalar value from an environment map.
 * <code>$${</code> writes a literal <code>${</code>. As in POSIX sh, {@code :-} takes the default
 * when the variable is unset <em>or empty</em>; {@code ${VAR}} with VAR unset is an error, so a
 * forgotten secret cannot silently become an empty string.
 */
final class Interpolator {

  /** The value cannot be interpolated; the message says why, without file or key. */
  static final class InterpolationException extends Exception {
    private static final long serialVersionUID = 1L;

    InterpolationException(String message) {
      super(message);
    }
  }

  private final Map<String, String> env;

  Interpolator(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  String interpolate(String text) throws InterpolationException {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (c == '$' && text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw new InterpolationException(
              "unterminated ${ in '" + text + "' (write $${ for a literal ${)");
        }
        out.append(expand(text.substring(i + 2, end)));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private String expand(String expression) throws InterpolationException {
    int sep = expression.indexOf(":-");
    String name = sep < 0 ? expression : expression.substring(0, sep);
    if (!isName(name)) {
      throw new InterpolationException(
          "'${" + expression + "}' is not ${NAME} or ${NAME:-default}");
    }
    String value = env.get(name);
    if (sep >= 0) {
      return value == null || value.isEmpty() ? expression.substring(sep + 2) : value;
    }
    if (value == null) {
      throw new InterpolationException(
          "environment variable "
              + name
              + " is not set (use ${"
              + name
              + ":-} for an empty default)");
    }
    return value;
  }

  private static boolean isName(String name) {
    if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c == '_'
          || (c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }
}
