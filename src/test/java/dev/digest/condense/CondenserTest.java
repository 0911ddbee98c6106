package dev.digest.condense;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CondenserTest {

  private final Condenser condenser = new Condenser();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ⚡ Quick Summary        | QUICK_SUMMARY
          TL;DR:                 | QUICK_SUMMARY
          tl;dr                  | QUICK_SUMMARY
          IN BRIEF:              | QUICK_SUMMARY
          **At a Glance**        | QUICK_SUMMARY
          Das Wichtigste in Kürze | QUICK_SUMMARY
          En bref                | QUICK_SUMMARY
          En resumen             | QUICK_SUMMARY
          Key Takeaways 🔑        | TAKEAWAYS
          What You Need To Know  | TAKEAWAYS
          The big picture        | TAKEAWAYS
          Bottom line.           | TAKEAWAYS
          Ce qu'il faut retenir  | TAKEAWAYS
          Puntos clave           | TAKEAWAYS
          """)
  void vocabularyMatches(String heading, SectionKind kind) {
    assertThat(new HeadingVocabulary().match(heading)).contains(kind);
  }

  @ParameterizedTest
  @CsvSource({
    "What Happened",
    "Why This Matters",
    "Frequently Asked Questions",
    "Summary of the trial"
  })
  void notSummaryHeadings(String heading) {
    assertThat(new HeadingVocabulary().match(heading)).isEmpty();
  }

  @Test
  void extraHeadingsFromConfiguration() {
    String text =
        "Intro\nThe short of it\n- One thing happened today.\n- Another followed.\n"
            + "Lessons\n- Keep the first lesson.\n- And the second one.\n- And a third.\n";
    assertThat(condenser.condense("T", text, ContentType.TEXT).method())
        .isEqualTo(Summary.Method.EXTRACTIVE);
    Summary s =
        new Condenser(List.of("The short of it"), List.of("Lessons"))
            .condense("T", text, ContentType.TEXT);
    assertThat(s.method()).isEqualTo(Summary.Method.SECTIONS);
    assertThat(s.quickSummary()).containsExactly("One thing happened today.", "Another followed.");
    assertThat(s.takeaways()).hasSize(3);
  }

  @Test
  void emptyAndNullInputGiveEmptyExtractiveSummary() {
    assertThat(condenser.condense(null, null, ContentType.HTML).quickSummary()).isEmpty();
    assertThat(condenser.condense("", "", ContentType.TEXT).takeaways()).isEmpty();
  }

  @Test
  void oneShortSentenceStillGivesAQuickSummary() {
    Summary s = condenser.condense("Title", "<p>Rain today.</p>", ContentType.HTML);
    assertThat(s.quickSummary()).containsExactly("Rain today.");
  }

  @Test
  void explainGivesEachChosenSentenceWithItsScore() {
    String html =
        "<p>The first sentence explains the whole story about the harbour strike.</p>"
            + "<p>The second sentence adds the number of ships waiting outside the harbour.</p>"
            + "<p>The third sentence quotes the union leader about the harbour strike.</p>";
    Explanation e = condenser.explain("Harbour strike", html, ContentType.HTML);
    assertThat(e.sections()).isEmpty();
    assertThat(e.chosenSentences()).hasSize(3).allMatch(s -> s.score() > 0);
    assertThat(e.lines()).anyMatch(l -> l.startsWith("sentence #0 score="));
  }

  @Test
  void boilerplateNeverBecomesABullet() {
    String html =
        "<p>Share this article on Facebook and Twitter today.</p>"
            + "<p>The council approved the budget for the new school building on Monday.</p>"
            + "<p>Subscribe to our newsletter for more local news every morning.</p>"
            + "<p>Read more: the full text of the budget is online now.</p>"
            + "<figure><figcaption>The mayor speaks at the meeting in the town hall.</figcaption></figure>"
            + "<p>Work on the school starts next year and should take two years.</p>";
    Summary s = condenser.condense("Budget", html, ContentType.HTML);
    assertThat(s.quickSummary())
        .containsExactly(
            "The council approved the budget for the new school building on Monday.",
            "Work on the school starts next year and should take two years.");
    assertThat(s.takeaways()).isEmpty();
  }

  @Test
  void aClassNamedWrapperAroundTheWholeArticleIsNotASummaryBox() {
    StringBuilder html = new StringBuilder("<div class=\"tldr-wrapper\">");
    for (int i = 0; i < 30; i++) {
      html.append("<p>Sentence number ")
          .append(i)
          .append(" of the article tells readers more.</p>");
    }
    html.append("</div>");
    assertThat(condenser.condense("T", html.toString(), ContentType.HTML).method())
        .isEqualTo(Summary.Method.EXTRACTIVE);
  }

  @Test
  void veryLongPagesStayBounded() {
    StringBuilder html = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      html.append("<p>Paragraph number ")
          .append(i)
          .append(" says something about topic ")
          .append(i % 37)
          .append(" in plain words.</p>");
    }
    Summary s = condenser.condense("Topic", html.toString(), ContentType.HTML);
    assertThat(s.quickSummary()).hasSize(3);
    assertThat(s.takeaways()).hasSize(5);
  }

  @Test
  void threadSafe() throws Exception {
    String html =
        "<h2>Key Takeaways</h2><ul><li>One point here.</li><li>Two points here.</li></ul>"
            + "<p>Some longer body text explains the situation in more detail for readers.</p>";
    Summary expected = condenser.condense("T", html, ContentType.HTML);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Summary>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        futures.add(pool.submit(() -> condenser.condense("T", html, ContentType.HTML)));
      }
      for (Future<Summary> f : futures) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Five usable sentences fill both lists within their ranges: 2 + 3, not 3 + 2. */
  @Test
  void fiveSentencesGiveTwoQuickBulletsAndThreeTakeaways() {
    String text =
        "The ferry company will add a night crossing to the outer islands from next month."
            + " The new boat runs on batteries and is charged at the quay during the day."
            + " Islanders asked for a late connection after the last bus service was cut."
            + " Tickets will cost the same as on the day crossings, with monthly passes too."
            + " The company will review the timetable after the first winter of service.";
    Summary s = condenser.condense("Night ferry to the islands", text, ContentType.TEXT);
    assertThat(s.method()).isEqualTo(Summary.Method.EXTRACTIVE);
    assertThat(s.quickSummary()).hasSize(2);
    assertThat(s.takeaways()).hasSize(3);
  }
}
