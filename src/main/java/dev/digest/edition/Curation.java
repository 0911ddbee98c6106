package dev.digest.edition;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Applies an editor's {@link DraftEdit} to a draft edition: pure, no storage. Positions are
 * numbered 1..n again after every change, so {@code digest draft show} always shows the numbers the
 * next command takes. A bad position or text is refused with a message that says what the draft
 * holds; nothing is changed then.
 */
public final class Curation {

  /** The longest comment: one line under a title, not a paragraph. */
  public static final int COMMENT_CHARS = 500;

  /** The longest bullet the editor may write (the condenser's are far shorter). */
  public static final int BULLET_CHARS = 600;

  /** The longest note: an intro, well under the mail's 102 KB. */
  public static final int NOTE_CHARS = 20_000;

  private static final int MAX_BULLETS = 8;

  private Curation() {}

  /** Refused: a position that does not exist, an empty bullet, a comment too long. */
  public static final class RefusedEdit extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RefusedEdit(String message) {
      super(message);
    }
  }

  public static Edition apply(Edition draft, DraftEdit edit) {
    List<EditionItem> items = new ArrayList<>(draft.items());
    if (edit instanceof DraftEdit.Drop) {
      DraftEdit.Drop d = (DraftEdit.Drop) edit;
      if (d.positions().isEmpty()) {
        throw new RefusedEdit("name at least one position to drop");
      }
      // Highest first, so removing one does not shift the next.
      for (int p : new TreeSet<>(d.positions()).descendingSet()) {
        index(items, p);
      }
      for (int p : new TreeSet<>(d.positions()).descendingSet()) {
        items.remove(index(items, p));
      }
    } else if (edit instanceof DraftEdit.Pin) {
      int from = index(items, ((DraftEdit.Pin) edit).position());
      items.add(0, items.remove(from));
    } else if (edit instanceof DraftEdit.Move) {
      DraftEdit.Move m = (DraftEdit.Move) edit;
      int from = index(items, m.position());
      int to = index(items, m.to());
      items.add(to, items.remove(from));
    } else if (edit instanceof DraftEdit.Rewrite) {
      DraftEdit.Rewrite r = (DraftEdit.Rewrite) edit;
      int i = index(items, r.position());
      if (r.quickSummary().isEmpty() && r.takeaways().isEmpty()) {
        throw new RefusedEdit("give the new quick summary or takeaways (or both)");
      }
      EditionItem item = items.get(i);
      List<String> quick =
          r.quickSummary().isEmpty()
              ? item.quickSummary()
              : bullets(r.quickSummary(), "quick summary");
      List<String> takeaways =
          r.takeaways().isEmpty() ? item.takeaways() : bullets(r.takeaways(), "takeaways");
      items.set(i, item.withBullets(quick, takeaways));
    } else if (edit instanceof DraftEdit.Comment) {
      DraftEdit.Comment c = (DraftEdit.Comment) edit;
      int i = index(items, c.position());
      items.set(i, items.get(i).withComment(oneLine(c.text(), COMMENT_CHARS, "a comment")));
    } else if (edit instanceof DraftEdit.Note) {
      String note = ((DraftEdit.Note) edit).markdown().strip();
      if (note.length() > NOTE_CHARS) {
        throw new RefusedEdit(
            "the note is " + note.length() + " characters; at most " + NOTE_CHARS);
      }
      return renumber(draft.withNote(note), items);
    } else if (edit instanceof DraftEdit.Add) {
      EditionItem added = ((DraftEdit.Add) edit).item();
      for (EditionItem item : items) {
        if (item.key().equals(added.key())) {
          throw new RefusedEdit(
              "already in the draft at position " + item.position() + ": " + item.title());
        }
      }
      items.add(added);
    }
    return renumber(draft, items);
  }

  private static Edition renumber(Edition draft, List<EditionItem> items) {
    List<EditionItem> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      out.add(items.get(i).at(i + 1));
    }
    return draft.withItems(out);
  }

  /** The list index of 1-based {@code position}, or refused with what the draft holds. */
  private static int index(List<EditionItem> items, int position) {
    if (position < 1 || position > items.size()) {
      throw new RefusedEdit(
          items.isEmpty()
              ? "no item at position " + position + ": the draft has no items"
              : "no item at position "
                  + position
                  + ": the draft has "
                  + items.size()
                  + (items.size() == 1 ? " item (1)" : " items (1-" + items.size() + ")"));
    }
    return position - 1;
  }

  private static List<String> bullets(List<String> given, String what) {
    if (given.size() > MAX_BULLETS) {
      throw new RefusedEdit(
          "at most " + MAX_BULLETS + " bullets for the " + what + ", not " + given.size());
    }
    List<String> out = new ArrayList<>(given.size());
    for (String b : given) {
      String line = oneLine(b, BULLET_CHARS, "a bullet");
      if (line.isEmpty()) {
        throw new RefusedEdit("a bullet of the " + what + " is empty");
      }
      out.add(line);
    }
    return out;
  }

  /** White space (newlines too) collapsed to single spaces; refused when longer than max. */
  private static String oneLine(String s, int max, String what) {
    String line = s == null ? "" : s.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
    if (line.length() > max) {
      throw new RefusedEdit(what + " is " + line.length() + " characters; at most " + max);
    }
    return line;
  }
}
