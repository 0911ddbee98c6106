package dev.digest.edition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The editor's changes to a draft, applied to an edition of five items. */
class CurationTest {

  private static EditionItem item(int position) {
    return new EditionItem(
        "k" + position,
        position,
        "Title " + position,
        "https://example.org/" + position,
        "Feed",
        "",
        "",
        Instant.parse("2026-12-01T08:00:00Z"),
        3,
        List.of("q" + position),
        List.of("t" + position),
        "sections",
        List.of());
  }

  private static Edition draft() {
    return new Edition(
        "brief",
        4,
        "Brief",
        Instant.parse("2026-11-30T00:00:00Z"),
        Instant.parse("2026-12-07T00:00:00Z"),
        Instant.parse("2026-12-07T00:00:00Z"),
        List.of(item(1), item(2), item(3), item(4), item(5)));
  }

  private static List<String> titles(Edition e) {
    return e.items().stream().map(EditionItem::title).toList();
  }

  private static List<Integer> positions(Edition e) {
    return e.items().stream().map(EditionItem::position).toList();
  }

  @Test
  void dropRemovesEveryNamedPositionAndRenumbers() {
    Edition after = Curation.apply(draft(), new DraftEdit.Drop(List.of(2, 4), false));
    assertThat(titles(after)).containsExactly("Title 1", "Title 3", "Title 5");
    assertThat(positions(after)).containsExactly(1, 2, 3);
  }

  @Test
  void pinMovesFirstAndMoveShiftsThoseBetween() {
    assertThat(titles(Curation.apply(draft(), new DraftEdit.Pin(4))))
        .containsExactly("Title 4", "Title 1", "Title 2", "Title 3", "Title 5");
    assertThat(titles(Curation.apply(draft(), new DraftEdit.Move(1, 3))))
        .containsExactly("Title 2", "Title 3", "Title 1", "Title 4", "Title 5");
    assertThat(titles(Curation.apply(draft(), new DraftEdit.Move(5, 2))))
        .containsExactly("Title 1", "Title 5", "Title 2", "Title 3", "Title 4");
    assertThat(positions(Curation.apply(draft(), new DraftEdit.Move(5, 2))))
        .containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void rewriteReplacesTheGivenListKeepsTheOtherAndMarksTheMethodEdited() {
    Edition after =
        Curation.apply(
            draft(), new DraftEdit.Rewrite(2, List.of("New one.", " New\ntwo. "), List.of()));
    EditionItem two = after.items().get(1);
    assertThat(two.quickSummary()).containsExactly("New one.", "New two.");
    assertThat(two.takeaways()).containsExactly("t2");
    assertThat(two.method()).isEqualTo(EditionItem.EDITED);
    assertThat(after.items().get(0).method()).isEqualTo("sections");
  }

  @Test
  void commentIsOneLineAndAnEmptyOneRemovesIt() {
    Edition commented = Curation.apply(draft(), new DraftEdit.Comment(3, "Read this\r\nfirst."));
    assertThat(commented.items().get(2).comment()).isEqualTo("Read this first.");
    Edition removed = Curation.apply(commented, new DraftEdit.Comment(3, ""));
    assertThat(removed.items().get(2).comment()).isEmpty();
  }

  @Test
  void noteIsKeptAsWrittenAndTheItemsStay() {
    Edition after =
        Curation.apply(draft(), new DraftEdit.Note("  Hello **readers**.\n\nSecond paragraph.  "));
    assertThat(after.note()).isEqualTo("Hello **readers**.\n\nSecond paragraph.");
    assertThat(titles(after)).isEqualTo(titles(draft()));
  }

  @Test
  void addGoesLastAndTheSameArticleTwiceIsRefused() {
    EditionItem added = item(9);
    Edition after = Curation.apply(draft(), new DraftEdit.Add(added));
    assertThat(after.items()).hasSize(6);
    assertThat(after.items().get(5).title()).isEqualTo("Title 9");
    assertThat(after.items().get(5).position()).isEqualTo(6);
    assertThatThrownBy(() -> Curation.apply(after, new DraftEdit.Add(item(9))))
        .isInstanceOf(Curation.RefusedEdit.class)
        .hasMessageContaining("already in the draft at position 6");
  }

  @Test
  void aPositionThatDoesNotExistIsRefusedWithWhatTheDraftHolds() {
    for (DraftEdit bad :
        List.<DraftEdit>of(
            new DraftEdit.Drop(List.of(1, 9), false),
            new DraftEdit.Pin(0),
            new DraftEdit.Move(2, 6),
            new DraftEdit.Comment(-1, "x"),
            new DraftEdit.Rewrite(7, List.of("x"), List.of()))) {
      assertThatThrownBy(() -> Curation.apply(draft(), bad))
          .as(bad.toString())
          .isInstanceOf(Curation.RefusedEdit.class)
          .hasMessageContaining("the draft has 5 items (1-5)");
    }
    // A drop naming one good and one bad position drops nothing.
    assertThatThrownBy(() -> Curation.apply(draft(), new DraftEdit.Drop(List.of(1, 9), false)))
        .hasMessageContaining("no item at position 9");
  }

  @Test
  void emptyOrOverlongTextIsRefused() {
    assertThatThrownBy(
            () -> Curation.apply(draft(), new DraftEdit.Rewrite(1, List.of("ok", "  "), List.of())))
        .hasMessageContaining("is empty");
    assertThatThrownBy(
            () -> Curation.apply(draft(), new DraftEdit.Rewrite(1, List.of(), List.of())))
        .isInstanceOf(Curation.RefusedEdit.class);
    assertThatThrownBy(
            () ->
                Curation.apply(
                    draft(), new DraftEdit.Comment(1, "x".repeat(Curation.COMMENT_CHARS + 1))))
        .hasMessageContaining("at most " + Curation.COMMENT_CHARS);
    assertThatThrownBy(
            () -> Curation.apply(draft(), new DraftEdit.Note("x".repeat(Curation.NOTE_CHARS + 1))))
        .hasMessageContaining("at most " + Curation.NOTE_CHARS);
  }
}
