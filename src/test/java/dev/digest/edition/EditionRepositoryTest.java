package dev.digest.edition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digest.config.DatabaseSettings;
import dev.digest.store.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EditionRepositoryTest {

  private static final Instant T = Instant.parse("2026-11-23T07:00:00Z");

  Database db;
  EditionRepository editions;

  @BeforeEach
  void open() {
    db =
        Database.open(
            new DatabaseSettings(
                "jdbc:h2:mem:r" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", ""));
    editions = new EditionRepository(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static Edition edition(String digest, int number, int items) {
    List<EditionItem> list = new ArrayList<>();
    for (int p = 1; p <= items; p++) {
      list.add(
          new EditionItem(
              "k" + number + "-" + p,
              p,
              "Edition " + number + " item " + p,
              "https://example.org/" + number + "/" + p,
              "Source",
              "",
              "",
              T,
              3,
              List.of("quick " + p),
              List.of("take " + p),
              "extractive",
              List.of()));
    }
    return new Edition(digest, number, "Title", T, T, T, list);
  }

  private void store(Edition e) {
    db.inTransaction(c -> editions.insert(c, e, "Subject " + e.number(), "<p>html</p>", "text"));
  }

  @Test
  void aDraftKeepsItsNoteCommentsAndImageSizesAndIsNoPublishedEdition() {
    store(edition("weekly", 1, 1));
    Edition e = edition("weekly", 2, 2).withNote("Hello **readers**");
    EditionItem first = e.items().get(0);
    EditionItem measured =
        new EditionItem(
            first.key(),
            1,
            first.title(),
            first.link(),
            first.source(),
            "",
            "",
            T,
            3,
            first.quickSummary(),
            first.takeaways(),
            "edited",
            List.of(),
            "https://img.example.org/a.png",
            "Read this first.",
            640,
            360);
    Edition draft = e.withItems(List.of(measured, e.items().get(1)));
    Instant deadline = T.plusSeconds(3600);
    long id =
        db.inTransaction(
            c ->
                editions.insert(
                    c, draft, "Subject 2", "<p>h</p>", "t", StoredEdition.DRAFT, deadline));

    StoredEdition back = editions.draft("weekly").orElseThrow();
    assertThat(back.id()).isEqualTo(id);
    assertThat(back.draft()).isTrue();
    assertThat(back.approveBy()).isEqualTo(deadline);
    assertThat(back.edition().note()).isEqualTo("Hello **readers**");
    EditionItem one = back.edition().items().get(0);
    assertThat(one.comment()).isEqualTo("Read this first.");
    assertThat(one.imageWidth()).isEqualTo(640);
    assertThat(one.imageHeight()).isEqualTo(360);
    assertThat(one.method()).isEqualTo("edited");
    // Readers see only published editions: the archive list, the latest, a number's page.
    assertThat(editions.list("weekly")).extracting(s -> s.edition().number()).containsExactly(1);
    assertThat(editions.latest("weekly").orElseThrow().edition().number()).isEqualTo(1);
    assertThat(editions.find("weekly", 2)).isEmpty();
    // Approved once: the second approval finds no draft.
    boolean firstApproval = db.inTransaction(c -> editions.approve(c, id));
    boolean secondApproval = db.inTransaction(c -> editions.approve(c, id));
    assertThat(firstApproval).isTrue();
    assertThat(secondApproval).isFalse();
    assertThat(editions.draft("weekly")).isEmpty();
    assertThat(editions.find("weekly", 2)).isPresent();
    boolean deleted = db.inTransaction(c -> editions.deleteDraft(c, id));
    assertThat(deleted).as("not a draft any more").isFalse();
  }

  @Test
  void listGivesEveryEditionItsOwnItemsInOrderNewestFirst() {
    store(edition("weekly", 1, 3));
    store(edition("weekly", 2, 0));
    store(edition("weekly", 3, 2));
    store(edition("other", 1, 4));

    List<StoredEdition> list = editions.list("weekly");

    assertThat(list).extracting(s -> s.edition().number()).containsExactly(3, 2, 1);
    assertThat(list.get(0).edition().items())
        .extracting(EditionItem::title)
        .containsExactly("Edition 3 item 1", "Edition 3 item 2");
    assertThat(list.get(1).edition().items()).isEmpty();
    assertThat(list.get(2).edition().items())
        .extracting(EditionItem::title)
        .containsExactly("Edition 1 item 1", "Edition 1 item 2", "Edition 1 item 3");
    assertThat(list.get(2).edition().items().get(1).quickSummary()).containsExactly("quick 2");
    assertThat(list.get(2).subject()).isEqualTo("Subject 1");
  }

  @Test
  void moreEditionsThanOneInListChunkStillGetTheirItems() {
    for (int n = 1; n <= 520; n++) {
      store(edition("weekly", n, 1));
    }
    List<StoredEdition> list = editions.list("weekly");
    assertThat(list)
        .hasSize(520)
        .allSatisfy(
            s ->
                assertThat(s.edition().items())
                    .extracting(EditionItem::title)
                    .containsExactly("Edition " + s.edition().number() + " item 1"));
  }

  @Test
  void findByNumberIsScopedToTheDigest() {
    store(edition("weekly", 1, 2));
    store(edition("other", 2, 1));

    assertThat(editions.find("weekly", 1))
        .hasValueSatisfying(s -> assertThat(s.edition().items()).hasSize(2));
    assertThat(editions.find("weekly", 2)).isEmpty();
    assertThat(editions.find("other", 2)).isPresent();
  }
}
