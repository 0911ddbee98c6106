package dev.digest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.digest.app.DigestApp;
import dev.digest.app.DigestRun;
import dev.digest.app.DraftDesk;
import dev.digest.delivery.DeliveryReport;
import dev.digest.edition.Curation;
import dev.digest.edition.DraftEdit;
import dev.digest.edition.DraftLogRepository;
import dev.digest.edition.EditionItem;
import dev.digest.edition.StoredEdition;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code digest draft ...}: the editor's edition on the command line (digest.approval: required).
 * Positions are those {@code digest draft show} prints; every change is recorded as {@code
 * cli:<user>}.
 */
@Command(
    name = "draft",
    mixinStandardHelpOptions = true,
    description = "Show, curate, approve or discard the draft edition waiting for approval.",
    subcommands = {
      DraftCommand.Show.class,
      DraftCommand.Drop.class,
      DraftCommand.Pin.class,
      DraftCommand.Move.class,
      DraftCommand.Edit.class,
      DraftCommand.Comment.class,
      DraftCommand.Note.class,
      DraftCommand.Add.class,
      DraftCommand.Approve.class,
      DraftCommand.Discard.class
    })
final class DraftCommand {

  /** Who the record names for a change made here. */
  static String actor() {
    String user = System.getProperty("user.name", "");
    return "cli:" + (user.isBlank() ? "unknown" : user);
  }

  /** A command that changes the draft: the change it makes, applied and reported the same way. */
  abstract static class Change implements Callable<Integer> {
    @Mixin ConfigOption config;

    abstract DraftEdit edit(DigestApp app);

    @Override
    public Integer call() throws Exception {
      try (DigestApp app = DigestApp.open(config.load())) {
        StoredEdition after;
        try {
          after = app.drafts().apply(edit(app), actor());
        } catch (Curation.RefusedEdit e) {
          throw new UsageException(e.getMessage());
        } catch (DraftDesk.NoDraftException e) {
          System.err.println("digest: " + e.getMessage());
          return Main.FAILURE;
        }
        System.out.printf(
            "draft of edition #%d now has %d items%n",
            after.edition().number(), after.edition().items().size());
        printItems(System.out, after);
        return Main.OK;
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "The draft's items in order: position, title, feed, method, bullets; its note and record of changes.")
  static final class Show implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = "--json", description = "As one JSON object (for scripts).")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (DigestApp app = DigestApp.open(config.load())) {
        StoredEdition draft;
        try {
          draft = app.drafts().require();
        } catch (DraftDesk.NoDraftException e) {
          System.err.println("digest: " + e.getMessage());
          return Main.FAILURE;
        }
        List<DraftLogRepository.Change> changes = app.drafts().changes();
        if (json) {
          ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
          System.out.println(m.writeValueAsString(asJson(draft, changes)));
          return Main.OK;
        }
        PrintStream out = System.out;
        out.printf(
            "draft of edition #%d: %d items, subject \"%s\"%n",
            draft.edition().number(), draft.edition().items().size(), draft.subject());
        if (draft.approveBy() != null) {
          out.println(
              "approve by "
                  + draft.approveBy()
                  + " ("
                  + app.liveConfig().get().digest().approvalDeadlineAction()
                  + " at the deadline)");
        }
        if (!draft.edition().note().isEmpty()) {
          out.println("note:");
          draft.edition().note().lines().forEach(l -> out.println("  " + l));
        }
        for (EditionItem i : draft.edition().items()) {
          out.printf(
              "%n%2d. %s%n    %s · %s%n",
              i.position(),
              i.title(),
              i.source().isBlank() ? "(no feed name)" : i.source(),
              i.method());
          if (!i.comment().isEmpty()) {
            out.println("    editor: " + i.comment());
          }
          i.quickSummary().forEach(b -> out.println("    - " + b));
          if (!i.takeaways().isEmpty()) {
            out.println("    takeaways:");
            i.takeaways().forEach(b -> out.println("    * " + b));
          }
        }
        if (!changes.isEmpty()) {
          out.println();
          out.println("changes:");
          for (DraftLogRepository.Change c : changes) {
            out.printf("  %s  %s  %s%n", c.at(), c.actor(), c.detail());
          }
        }
        return Main.OK;
      }
    }

    private static Map<String, Object> asJson(
        StoredEdition d, List<DraftLogRepository.Change> changes) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("number", d.edition().number());
      o.put("subject", d.subject());
      o.put("approveBy", d.approveBy() == null ? null : d.approveBy().toString());
      o.put("note", d.edition().note());
      List<Map<String, Object>> items = new ArrayList<>();
      for (EditionItem i : d.edition().items()) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("position", i.position());
        v.put("title", i.title());
        v.put("link", i.link());
        v.put("feed", i.source());
        v.put("method", i.method());
        v.put("comment", i.comment());
        v.put("quickSummary", i.quickSummary());
        v.put("takeaways", i.takeaways());
        items.add(v);
      }
      o.put("items", items);
      List<Map<String, Object>> log = new ArrayList<>();
      for (DraftLogRepository.Change c : changes) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("at", c.at().toString());
        v.put("actor", c.actor());
        v.put("action", c.action());
        v.put("detail", c.detail());
        log.add(v);
      }
      o.put("changes", log);
      return o;
    }
  }

  @Command(
      name = "drop",
      mixinStandardHelpOptions = true,
      description =
          "Take items out of the draft. They are not marked seen (a later edition may take them) unless --forever.")
  static final class Drop extends Change {
    @Parameters(
        paramLabel = "POS",
        arity = "1..*",
        description = "Positions as 'draft show' numbers them.")
    List<Integer> positions;

    @Option(names = "--forever", description = "Never offer these articles again.")
    boolean forever;

    @Override
    DraftEdit edit(DigestApp app) {
      return new DraftEdit.Drop(positions, forever);
    }
  }

  @Command(
      name = "pin",
      mixinStandardHelpOptions = true,
      description = "Move the item at POS first.")
  static final class Pin extends Change {
    @Parameters(paramLabel = "POS")
    int position;

    @Override
    DraftEdit edit(DigestApp app) {
      return new DraftEdit.Pin(position);
    }
  }

  @Command(
      name = "move",
      mixinStandardHelpOptions = true,
      description = "Move the item at POS to position TO.")
  static final class Move extends Change {
    @Parameters(index = "0", paramLabel = "POS")
    int position;

    @Parameters(index = "1", paramLabel = "TO")
    int to;

    @Override
    DraftEdit edit(DigestApp app) {
      return new DraftEdit.Move(position, to);
    }
  }

  @Command(
      name = "edit",
      mixinStandardHelpOptions = true,
      description = "Replace an item's bullets with yours (its method then shows 'edited').")
  static final class Edit extends Change {
    @Parameters(paramLabel = "POS")
    int position;

    @Option(
        names = "--quick-summary",
        arity = "1..*",
        paramLabel = "TEXT",
        description = "The new quick-summary bullets, one argument each.")
    List<String> quickSummary = new ArrayList<>();

    @Option(
        names = "--takeaways",
        arity = "1..*",
        paramLabel = "TEXT",
        description = "The new key-takeaway bullets, one argument each.")
    List<String> takeaways = new ArrayList<>();

    @Override
    DraftEdit edit(DigestApp app) {
      if (quickSummary.isEmpty() && takeaways.isEmpty()) {
        throw new Curation.RefusedEdit(
            "give --quick-summary TEXT... or --takeaways TEXT... (or both)");
      }
      return new DraftEdit.Rewrite(position, quickSummary, takeaways);
    }
  }

  @Command(
      name = "comment",
      mixinStandardHelpOptions = true,
      description = "One line of yours shown under the item's title (an empty TEXT removes it).")
  static final class Comment extends Change {
    @Parameters(index = "0", paramLabel = "POS")
    int position;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT")
    List<String> words;

    @Override
    DraftEdit edit(DigestApp app) {
      return new DraftEdit.Comment(position, String.join(" ", words));
    }
  }

  @Command(
      name = "note",
      mixinStandardHelpOptions = true,
      description =
          "The edition's intro, in Markdown (shown above the items; an empty TEXT removes it).")
  static final class Note extends Change {
    @Parameters(arity = "0..*", paramLabel = "TEXT")
    List<String> words = new ArrayList<>();

    @Option(
        names = "--file",
        paramLabel = "F",
        description = "Read the note from this file (UTF-8).")
    Path file;

    @Override
    DraftEdit edit(DigestApp app) {
      if (file != null && !words.isEmpty()) {
        throw new Curation.RefusedEdit("give the note as TEXT or --file F, not both");
      }
      if (file == null && words.isEmpty()) {
        throw new Curation.RefusedEdit("give the note as TEXT or --file F");
      }
      if (file != null) {
        try {
          return new DraftEdit.Note(Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
          throw new Curation.RefusedEdit("cannot read " + file + ": " + e.getMessage());
        }
      }
      return new DraftEdit.Note(String.join(" ", words));
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add the article at URL: fetched and condensed like any other, placed last.")
  static final class Add extends Change {
    @Parameters(paramLabel = "URL")
    String url;

    @Override
    DraftEdit edit(DigestApp app) {
      return app.drafts().fetchArticle(url);
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description =
          "Send the draft to every confirmed subscriber, as a normal send (resumable, once per subscriber).")
  static final class Approve implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Override
    public Integer call() throws Exception {
      try (DigestApp app = DigestApp.open(config.load())) {
        DigestRun.Approval a = app.run().approve(actor(), new ConsoleProgress(System.err));
        if (a instanceof DigestRun.Approval.NoDraft) {
          System.err.println("digest: " + ((DigestRun.Approval.NoDraft) a).why());
          return Main.FAILURE;
        }
        DigestRun.Approval.Sent s = (DigestRun.Approval.Sent) a;
        DeliveryReport r = s.report();
        System.out.printf(
            Locale.ROOT,
            "edition #%d approved: %d sent, %d failed, %d left of %d%n",
            s.number(),
            r.sent(),
            r.failed(),
            r.counts().remaining(),
            s.audience());
        if (r.paused()) {
          System.out.println("delivery paused: " + r.message());
          System.out.println("fix the cause, then run: digest send --resume");
          return Main.FAILURE;
        }
        return Main.OK;
      }
    }
  }

  @Command(
      name = "discard",
      mixinStandardHelpOptions = true,
      description = "Drop the draft: nothing is sent, and its articles may enter the next draft.")
  static final class Discard implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Override
    public Integer call() throws Exception {
      try (DigestApp app = DigestApp.open(config.load())) {
        try {
          var e = app.drafts().discard(actor());
          System.out.printf(
              "draft of edition #%d discarded (%d items; none marked seen)%n",
              e.number(), e.items().size());
          return Main.OK;
        } catch (DraftDesk.NoDraftException e) {
          System.err.println("digest: " + e.getMessage());
          return Main.FAILURE;
        }
      }
    }
  }

  static void printItems(PrintStream out, StoredEdition d) {
    for (EditionItem i : d.edition().items()) {
      out.printf(
          "  %2d. %s (%s)%s%n",
          i.position(), i.title(), i.source(), i.comment().isEmpty() ? "" : " — " + i.comment());
    }
  }
}
