package dev.digest.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvReaderTest {

  static List<CsvReader.Record> all(String csv) throws IOException {
    CsvReader r = new CsvReader(new StringReader(csv));
    List<CsvReader.Record> out = new ArrayList<>();
    for (CsvReader.Record rec = r.next(); rec != null; rec = r.next()) {
      out.add(rec);
    }
    return out;
  }

  /** input (with \n, \r written as \\n, \\r) -> records as "line:field|field;..." */
  @ParameterizedTest
  @CsvSource(
      delimiter = '¦',
      value = {
        "a,b¦1:a|b",
        "a,b\\r\\nc,d\\r\\n¦1:a|b;2:c|d",
        "a,b\\rc,d¦1:a|b;2:c|d",
        "a,b\\n\\n\\nc,d¦1:a|b;4:c|d",
        "\uFEFFemail\\nx@y.org¦1:email;2:x@y.org",
        "\"a,b\",c¦1:a,b|c",
        "\"say \"\"hi\"\"\",x¦1:say \"hi\"|x",
        "\"two\\r\\nlines\",x\\ny,z¦1:two\\nlines|x;3:y|z",
        "a,,c¦1:a||c",
        "a,¦1:a|",
        "\"\",b¦1:|b",
        "a\"b,c¦1:a\"b|c",
        "\"a\"x,c¦1:ax|c",
      })
  void readsRfc4180(String input, String expected) throws IOException {
    String csv = input.replace("\\r", "\r").replace("\\n", "\n");
    List<String> got = new ArrayList<>();
    for (CsvReader.Record r : all(csv)) {
      got.add(r.line() + ":" + String.join("|", r.fields()));
    }
    assertThat(String.join(";", got)).isEqualTo(expected.replace("\\n", "\n"));
  }

  @Test
  void anUnclosedQuoteNamesTheLineItStartsOn() throws IOException {
    CsvReader r = new CsvReader(new StringReader("email\nok@x.org\n\"open,\nmore\n"));
    r.next();
    r.next();
    assertThatThrownBy(r::next)
        .isInstanceOf(CsvReader.CsvException.class)
        .hasMessageContaining("line 3");
  }

  @Test
  void emptyInputHasNoRecords() throws IOException {
    assertThat(all("")).isEmpty();
    assertThat(all("\uFEFF")).isEmpty();
    assertThat(all("\r\n\r\n")).isEmpty();
  }
}
