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
    assertThat(LlmReply.parse(content))
        .isEqualTo(new LlmReply.Accepted(quick, takeaways));
  }

  static Stream<Arguments> rejected() {
    String longBullet = "word ".repeat(LlmReply.MAX_BULLET_WORDS + 1).trim();
    return Stream.of(
        arguments("empty", "", "empty reply"),
        arguments("prose only", "The article is about ferries.", "no JSON object"),
        arguments("broken JSON", "{\"quickSummary\": [\"A.\", }", "not valid JSON"),
        arguments("an object inside an array, incomplete", "[{\"quickSummary\": [\"A.\"]}]", "lacks quickSummary or takeaways"),
        arguments("missing takeaways", "{\"quickSummary\": [\"A.\"]}", "lacks quickSummary or takeaways"),
        arguments("string instead of array", "{\"quickSummary\": \"A.\", \"takeaways\": [\"B.\"]}", "quickSummary is not an array"),
        arguments("number in the list", "{\"quickSummary\": [\"A.\"], \"takeaways\": [1, 2]}", "takeaways holds a number"),
        arguments("nothing left after cleaning", "{\"quickSummary\": [\"  \", \"-\"], \"takeaways\": [\"B.\"]}", "quickSummary is empty"),
        arguments("takeaways only repeat the quick summary", "{\"quickSummary\": [\"A.\"], \"takeaways\": [\"A.\"]}", "takeaways is empty"),
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

    assertThat(a.cacheKey("m")).hasSize(64).isEqualTo(LlmPrompt.forArticle("Ferries", "Boats run hourly.").cacheKey("m"));
    assertThat(a.cacheKey("m")).isNotEqualTo(a.cacheKey("m2"));
    assertThat(a.cacheKey("m")).isNotEqualTo(LlmPrompt.forArticle("Ferries", "Boats run daily.").cacheKey("m"));
    assertThat(a.cacheKey("m")).isNotEqualTo(LlmPrompt.forArticle("Ferry", "Boats run hourly.").cacheKey("m"));
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
