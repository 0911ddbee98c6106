package dev.digest.edition;

import java.util.List;

/**
 * One change an editor makes to a draft, the same from the command line and the web admin.
 * Positions are 1-based, as {@code digest draft show} prints them. {@link #describe()} is the line
 * the change leaves in the draft's record.
 */
public sealed interface DraftEdit {

  /** The word the record keeps for this kind of change ({@code drop}, {@code pin}, ...). */
  String action();

  /** What was changed, in one line, for the record. */
  String describe();

  /**
   * Items leave the draft. Not marked seen, so a later edition may take one again (after a discard,
   * or when its feed dates it anew), unless {@code forever}.
   */
  record Drop(List<Integer> positions, boolean forever) implements DraftEdit {
    public Drop {
      positions = List.copyOf(positions);
    }

    @Override
    public String action() {
      return forever ? "drop-forever" : "drop";
    }

    @Override
    public String describe() {
      return "dropped " + positions + (forever ? " for good" : "");
    }
  }

  /** The item moves first. */
  record Pin(int position) implements DraftEdit {
    @Override
    public String action() {
      return "pin";
    }

    @Override
    public String describe() {
      return "pinned " + position + " first";
    }
  }

  /** The item moves to position {@code to}; those between shift by one. */
  record Move(int position, int to) implements DraftEdit {
    @Override
    public String action() {
      return "move";
    }

    @Override
    public String describe() {
      return "moved " + position + " to " + to;
    }
  }

  /** The item's bullets replaced by the editor's; an empty list keeps that list as it was. */
  record Rewrite(int position, List<String> quickSummary, List<String> takeaways)
      implements DraftEdit {
    public Rewrite {
      quickSummary = List.copyOf(quickSummary);
      takeaways = List.copyOf(takeaways);
    }

    @Override
    public String action() {
      return "edit";
    }

    @Override
    public String describe() {
      return "edited "
          + position
          + ":"
          + (quickSummary.isEmpty() ? "" : " quick summary " + quickSummary)
          + (takeaways.isEmpty() ? "" : " takeaways " + takeaways);
    }
  }

  /** One line of the editor's under the item's title; {@code ""} removes it. */
  record Comment(int position, String text) implements DraftEdit {
    @Override
    public String action() {
      return "comment";
    }

    @Override
    public String describe() {
      return text.isEmpty()
          ? "removed the comment of " + position
          : "commented " + position + ": " + text;
    }
  }

  /** The edition's intro, in Markdown; {@code ""} removes it. */
  record Note(String markdown) implements DraftEdit {
    @Override
    public String action() {
      return "note";
    }

    @Override
    public String describe() {
      return markdown.isEmpty() ? "removed the note" : "note: " + markdown;
    }
  }

  /** An article the editor added by URL, already condensed; it goes last. */
  record Add(EditionItem item) implements DraftEdit {
    @Override
    public String action() {
      return "add";
    }

    @Override
    public String describe() {
      return "added " + item.link();
    }
  }
}
