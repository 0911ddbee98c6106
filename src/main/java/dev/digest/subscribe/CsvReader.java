package dev.digest.subscribe;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 CSV reader: comma-separated fields, double-quoted fields with {@code ""} for
 * a quote and line breaks inside, CRLF, LF or CR line ends, a leading UTF-8 byte order mark
 * dropped, blank lines skipped. Each record knows the line it starts on, so errors can name it.
 * Lenient where spreadsheets are sloppy (a quote inside an unquoted field is kept as text).
 */
public final class CsvReader {

  /** One record and the (1-based) line it starts on. */
  public record Record(int line, List<String> fields) {}

  /** A record that cannot be read, such as a quote that never closes. */
  public static final class CsvException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int line;

    CsvException(int line, String message) {
      super("line " + line + ": " + message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private final Reader in;
  private int line = 1;
  private int pushedBack = -2;
  private boolean first = true;

  public CsvReader(Reader in) {
    this.in = in;
  }

  /** The next non-blank record, or null at the end of the input. */
  public Record next() throws IOException {
    while (true) {
      int start = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      int c = read();
      if (c == -1) {
        return null;
      }
      boolean blank = true;
      boolean quoted = false;
      boolean afterQuote = false;
      while (true) {
        if (quoted) {
          if (c == -1) {
            throw new CsvException(start, "a quoted field is not closed");
          }
          if (c == '"') {
            int n = read();
            if (n == '"') {
              field.append('"');
            } else {
              quoted = false;
              afterQuote = true;
              c = n;
              continue;
            }
          } else {
            if (c == '\r') {
              int n = read();
              if (n != '\n') {
                unread(n);
              }
              field.append('\n');
              line++;
            } else {
              if (c == '\n') {
                line++;
              }
              field.append((char) c);
            }
          }
          c = read();
          continue;
        }
        if (c == -1 || c == '\n' || c == '\r') {
          if (c == '\r') {
            int n = read();
            if (n != '\n') {
              unread(n);
            }
          }
          if (c != -1) {
            line++;
          }
          fields.add(field.toString());
          break;
        }
        blank = false;
        if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
          afterQuote = false;
        } else if (c == '"' && field.length() == 0 && !afterQuote) {
          quoted = true;
        } else {
          // RFC 4180 allows nothing between a closing quote and the comma; keep it as text.
          field.append((char) c);
        }
        c = read();
      }
      if (!blank || fields.size() > 1 || !fields.get(0).isEmpty()) {
        return new Record(start, fields);
      }
    }
  }

  private int read() throws IOException {
    int c;
    if (pushedBack != -2) {
      c = pushedBack;
      pushedBack = -2;
    } else {
      c = in.read();
    }
    if (first) {
      first = false;
      if (c == '\uFEFF') {
        c = in.read();
      }
    }
    return c;
  }

  private void unread(int c) {
    pushedBack = c;
  }
}
