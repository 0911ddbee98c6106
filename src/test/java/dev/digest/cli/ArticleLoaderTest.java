package dev.digest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digest.condense.Condenser;
import dev.digest.condense.ContentType;
import dev.digest.config.FetchSettings;
import dev.digest.extract.MainContentExtractor;
import dev.digest.feed.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code digest condense URL}: the page is fetched once and its main content extracted once. */
class ArticleLoaderTest {

  /**
   * On the page (a sidebar link), never in its main content: tells a whole page from an extract.
   */
  private static final String SIDEBAR = "Ten parks to visit this spring";

  private final Condenser condenser = new Condenser();
  private TestServer server;
  private String page;
  private String url;

  @BeforeEach
  void start() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/dev/digest/extract/article-page.html")) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    server =
        new TestServer()
            .route("/bees", ex -> TestServer.send(ex, 200, "text/html; charset=utf-8", page));
    url = server.url("/bees");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aUrlIsFetchedOnceAndOnlyTheWholePageIsExtracted() throws IOException {
    // Wired as the command wires it; the summary finder runs once per extraction pass and is
    // handed the page being extracted, so it sees every extraction of this page.
    List<String> pagesSeen = new CopyOnWriteArrayList<>();
    MainContentExtractor counting =
        new MainContentExtractor(
            root -> {
              pagesSeen.add(root.text());
              return condenser.summaryBlocks(root);
            });

    ArticleLoader.Loaded a = new ArticleLoader(counting, FetchSettings.defaults()).load(url);

    assertThat(server.hits("/bees")).isEqualTo(1);
    // The article is over 500 characters: one pass of one extraction. Extracting the extract
    // again made this two, the second without the sidebar.
    assertThat(pagesSeen).hasSize(1);
    assertThat(pagesSeen.get(0)).contains(SIDEBAR);
    String once =
        new MainContentExtractor(condenser::summaryBlocks).extract(page, url).orElseThrow();
    assertThat(a.content()).isEqualTo(once).doesNotContain(SIDEBAR).contains("rooftops");
    assertThat(a.url()).isEqualTo(url);
    assertThat(a.type()).isEqualTo(ContentType.HTML);
    // The page's <title>, as a file of the same page gets: the main content carries none.
    assertThat(a.title()).isEqualTo("Why city bees thrive | The Urban Naturalist");
  }

  @Test
  void theCommandFetchesAUrlOnceAndCondensesItsMainContent() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      code = Main.run("condense", "--json", url);
    } finally {
      System.setOut(oldOut);
    }

    assertThat(code).isEqualTo(Main.OK);
    assertThat(server.hits("/bees")).isEqualTo(1);
    JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    String once =
        new MainContentExtractor(condenser::summaryBlocks).extract(page, url).orElseThrow();
    List<String> expected = condenser.condense("", once, ContentType.HTML).quickSummary();
    assertThat(line.path("url").asText()).isEqualTo(url);
    assertThat(line.path("quickSummary")).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(line.path("quickSummary").path(i).asText()).isEqualTo(expected.get(i));
    }
  }
}
