package dev.digest.condense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LlmReplyTest {

  static Stream<Arguments> accepted() {
    return Stream.of(
        arguments(
            "plain object",
            "{\"quickSummary\": [\"A.\", \"B.\"], \"takeaways\": [\"C.\", \"D.\", \"E.\"]}",
            List.of("A.", "B."),
            List.of("C.", "D.", "E.")),
        arguments(
            "inside a Markdown fence with prose around it",
            "Sure! Here it is:\n```json\n{\"quickSummary\": [\"A.\"], \"takeaways\": [\"C.\"]}\n```\nHope that helps.",
            List.of("A."),
            List.of("C.")),
        arguments(
            "snake_case keys, markers and emphasis cleaned",
            "{\"quick_summary\": [\"- **A** rises.\", \"2. B falls.\"], \"Key Takeaways\": [\"• C.\"]}",
            List.of("A rises.", "B falls."),
            List.of("C.")),
        arguments(
            "blank, repeated and quick-summary bullets dropped",
            "{\"quickSummary\": [\"A.\", \" \", \"A.\"], \"takeaways\": [\"A.\", \"C.\", \"C.\"]}",
            List.of("A."),
            List.of("C.")),
        arguments(
            "too many bullets are cut to 3 and 5",
            "{\"quickSummary\": [\"1a\", \"1b\", \"1c\", \"1d\"], \"takeaways\": [\"t1\", \"t2\", \"t3\", \"t4\", \"t5\", \"t6\"]}",
            List.of("1a", "1b", "1c"),
            List.of("t1", "t2", "t3", "t4", "t5")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void accepts(String name, String content, List<String> quick, List<String> takeaways) {
    assertThat(LlmReply.parse(content)).isEqualTo(new LlmReply.Accepted(quick, takeaways));
  }

  static Stream<Arguments> rejected() {
    String longBullet = "word ".repeat(LlmReply.MAX_BULLET_WORDS + 1).trim();
    return Stream.of(
        arguments("empty", "", "empty reply"),
        arguments("prose only", "The article is about ferries.", "no JSON object"),
        arguments("broken JSON", "{\"quickSummary\": [\"A.\", }", "not valid JSON"),
        arguments(
            "an object inside an array, incomplete",
            "[{\"quickSummary\": [\"A.\"]}]",
            "lacks quickSummary or takeaways"),
        arguments(
            "missing takeaways", "{\"quickSummary\": [\"A.\"]}", "lacks quickSummary or takeaways"),
        arguments(
            "string instead of array",
            "{\"quickSummary\": \"A.\", \"takeaways\": [\"B.\"]}",
            "quickSummary is not an array"),
        arguments(
            "number in the list",
            "{\"quickSummary\": [\"A.\"], \"takeaways\": [1, 2]}",
            "takeaways holds a number"),
        arguments(
            "nothing left after cleaning",
            "{\"quickSummary\": [\"  \", \"-\"], \"takeaways\": [\"B.\"]}",
            "quickSummary is empty"),
        arguments(
            "takeaways only repeat the quick summary",
            "{\"quickSummary\": [\"A.\"], \"takeaways\": [\"A.\"]}",
            "takeaways is empty"),
        arguments(
            "a paragraph instead of a bullet",
            "{\"quickSummary\": [\"" + longBullet + "\"], \"takeaways\": [\"B.\"]}",
            "bullet of 61 words"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejects(String name, String content, String reason) {
    LlmReply reply = LlmReply.parse(content);

    assertThat(reply).isInstanceOf(LlmReply.Rejected.class);
    assertThat(((LlmReply.Rejected) reply).reason()).contains(reason);
  }

  @Test
  void thePromptAsksForTheShapeTheParserAccepts() {
    LlmPrompt p = LlmPrompt.forArticle("Ferries", "Boats run hourly.");

    assertThat(p.system()).contains("{\"quickSummary\": [", "\"takeaways\": [", "JSON");
    assertThat(p.user()).isEqualTo("Title: Ferries\n\nArticle:\n\nBoats run hourly.");
  }

  @Test
  void theCacheKeyDependsOnModelAndContentOnly() {
    LlmPrompt a = LlmPrompt.forArticle("Ferries", "Boats run hourly.");

    assertThat(a.cacheKey("m"))
        .hasSize(64)
        .isEqualTo(LlmPrompt.forArticle("Ferries", "Boats run hourly.").cacheKey("m"));
    assertThat(a.cacheKey("m")).isNotEqualTo(a.cacheKey("m2"));
    assertThat(a.cacheKey("m"))
        .isNotEqualTo(LlmPrompt.forArticle("Ferries", "Boats run daily.").cacheKey("m"));
    assertThat(a.cacheKey("m"))
        .isNotEqualTo(LlmPrompt.forArticle("Ferry", "Boats run hourly.").cacheKey("m"));
  }

  /** The instructions of prompt version 1, word for word. */
  private static final String V1_INSTRUCTIONS =
      """
      You condense articles for an email newsletter digest. Reply with one JSON object and \
      nothing else, in exactly this shape:
      {"quickSummary": ["...", "..."], "takeaways": ["...", "...", "..."]}
      quickSummary: 2 or 3 bullets that tell a busy reader what the article is about and what it \
      says. takeaways: 3 to 5 further bullets with the key facts, figures and conclusions, none \
      repeating a quickSummary bullet. Each bullet is one plain-text sentence of at most 30 \
      words, in the language of the article, and states only what the article states. No \
      Markdown, no bullet characters, no text before or after the JSON object.""";

  @Test
  void anArticleWithoutTheAuthorsListsGetsTheSamePromptAsBefore() {
    String html = "<article><h1>Ferries</h1><p>Boats run hourly from June.</p></article>";

    LlmPrompt p = new Condenser().llmPrompt("Ferries", html, ContentType.HTML);

    assertThat(p.system()).isEqualTo(V1_INSTRUCTIONS);
    assertThat(p.user())
        .isEqualTo("Title: Ferries\n\nArticle:\n\nFerries\n\nBoats run hourly from June.");
  }

  @Test
  void theCacheKeyChangesWithThePromptVersion() {
    LlmPrompt a = LlmPrompt.forArticle("Ferries", "Boats run hourly.");

    assertThat(a.cacheKey("m")).isEqualTo(a.cacheKey(LlmPrompt.VERSION, "m"));
    // Replies cached for version 1 are not found under this build's key for the same messages.
    assertThat(a.cacheKey("m")).isNotEqualTo(a.cacheKey("digest-condense-llm-1", "m"));
  }

  @Test
  void anAuthorsQuickSummaryIsShownAsTheirsAndTheModelIsAskedNotToRepeatIt() {
    String html =
        "<article><h1>Ferries</h1><h2>Quick summary</h2>"
            + "<ul><li>Boats run every hour from June.</li><li>Night crossings end at midnight.</li></ul>"
            + "<p>The ferry company announced a new timetable on Friday after a year of complaints.</p>"
            + "<p>Season tickets cost the same as last year, and children under six still travel free.</p>"
            + "</article>";
    Condenser condenser = new Condenser();
    Explanation offline = condenser.explain("Ferries", html, ContentType.HTML);
    assertThat(offline.summary().method()).isEqualTo(Summary.Method.MIXED);

    LlmPrompt p = condenser.llmPrompt("Ferries", html, ContentType.HTML, offline);

    assertThat(p.system()).isEqualTo(V1_INSTRUCTIONS + "\n" + LlmPrompt.COMPLEMENT_QUICK_SUMMARY);
    assertThat(p.system()).contains("do not repeat or reword any of its bullets in your takeaways");
    assertThat(p.user())
        .startsWith(
            """
            Title: Ferries

            The author's quick summary:
            - Boats run every hour from June.
            - Night crossings end at midnight.

            Article:

            """)
        .contains("Season tickets cost the same");
    // Without the explanation the condenser works it out: the same prompt.
    assertThat(condenser.llmPrompt("Ferries", html, ContentType.HTML)).isEqualTo(p);
  }

  @Test
  void anAuthorsKeyTakeawaysAreShownAsTheirsAndTheModelIsAskedNotToRepeatThem() {
    LlmPrompt p =
        LlmPrompt.complementing(
            "",
            "Boats run hourly.",
            SectionKind.TAKEAWAYS,
            List.of("Hourly boats.", "Cheap tickets."));

    assertThat(p.system()).isEqualTo(V1_INSTRUCTIONS + "\n" + LlmPrompt.COMPLEMENT_TAKEAWAYS);
    assertThat(p.system()).contains("do not repeat or reword any of them in your quickSummary");
    assertThat(p.user())
        .isEqualTo(
            "The author's key takeaways:\n- Hourly boats.\n- Cheap tickets.\n\nArticle:\n\nBoats run hourly.");
  }

  @Test
  void longArticlesAreCutAtAParagraphBreak() {
    String para = "Sentence of the article. ".repeat(20).trim();
    String text = String.join("\n\n", java.util.Collections.nCopies(100, para));

    LlmPrompt p = LlmPrompt.forArticle("T", text);

    String body = p.user().substring(p.user().indexOf("Article:\n\n") + 10);
    assertThat(body.length()).isLessThanOrEqualTo(LlmPrompt.MAX_ARTICLE_CHARS + 10);
    assertThat(body).endsWith(para + "\n\n[...]");
  }

  @Test
  void theCondenserPromptHoldsTheProseWithoutNavigationOrScripts() {
    String html =
        "<nav><a href=/>Home</a> <a href=/x>Subscribe</a></nav><script>var x = 1;</script>"
            + "<article><h1>Ferries</h1><p>Boats run hourly from June.</p><p>Tickets cost the same.</p></article>"
            + "<footer>Copyright</footer>";

    LlmPrompt p = new Condenser().llmPrompt("Ferries", html, ContentType.HTML);

    assertThat(p.user()).contains("Boats run hourly from June.\n\nTickets cost the same.");
    assertThat(p.user()).doesNotContain("Subscribe", "var x", "Copyright");
  }
}
