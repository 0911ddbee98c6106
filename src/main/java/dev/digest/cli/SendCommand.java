package dev.digest.cli;

import dev.digest.app.DigestApp;
import dev.digest.app.DigestRun.SendOptions;
import dev.digest.app.DigestRun.SendResult;
import dev.digest.delivery.DeliveryReport;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code digest send}: build the edition now and deliver it, or finish an interrupted one. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = "Build the next edition now and deliver it to every confirmed subscriber.")
final class SendCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(
      names = "--to",
      paramLabel = "EMAIL",
      description = "Send the edition to this one address only (a test send: nothing is recorded).")
  String to = "";

  @Option(
      names = "--dry-run",
      description = "Build the edition and show what would be sent; send and record nothing.")
  boolean dryRun;

  @Option(
      names = "--resume",
      description = "Finish delivering an interrupted edition (nobody gets it twice).")
  boolean resume;

  @Option(
      names = "--force-new",
      description = "Start a new edition even though an earlier one is unfinished.")
  boolean forceNew;

  @Option(
      names = "--cadence",
      paramLabel = "C",
      description =
          "Build and deliver this cadence's edition, to its readers (digest.cadences; default: the default cadence).")
  String cadence = "";

  @Override
  public Integer call() throws Exception {
    if (resume && (dryRun || !to.isEmpty())) {
      throw new UsageException("--resume cannot be combined with --dry-run or --to");
    }
    PrintStream out = System.out;
    try (DigestApp app = DigestApp.open(Preload.load(config))) {
      SendResult result;
      try {
        result =
            app.run()
                .send(
                    new SendOptions(to, dryRun, resume, forceNew, cadence),
                    new ConsoleProgress(System.err));
      } catch (dev.digest.app.DigestRun.UnknownCadenceException e) {
        throw new UsageException(e.getMessage());
      }
      if (result instanceof SendResult.Delivered) {
        SendResult.Delivered d = (SendResult.Delivered) result;
        DeliveryReport r = d.report();
        double seconds = r.elapsed().toMillis() / 1000.0;
        out.printf(
            java.util.Locale.ROOT,
            "edition #%d: %d sent, %d failed, %d left of %d in %.1f s (%.0f msg/s)%n",
            d.number(),
            r.sent(),
            r.failed(),
            r.counts().remaining(),
            d.audience(),
            seconds,
            seconds > 0 ? r.sent() / seconds : 0.0);
        if (r.paused()) {
          out.println("delivery paused: " + r.message());
          out.println("fix the cause, then run: digest send --resume");
          return Main.FAILURE;
        }
        return r.failed() > 0 && r.sent() == 0 && d.audience() > 0 ? Main.FAILURE : Main.OK;
      } else if (result instanceof SendResult.NothingNew) {
        out.println("nothing new since the last edition: nothing sent");
        return Main.OK;
      } else if (result instanceof SendResult.Unfinished) {
        SendResult.Unfinished u = (SendResult.Unfinished) result;
        System.err.printf(
            "digest: edition #%d is not fully delivered yet; finish it with 'digest send --resume'"
                + " (or start a new one anyway with --force-new)%n",
            u.number());
        return Main.FAILURE;
      } else if (result instanceof SendResult.DryRun) {
        SendResult.DryRun dr = (SendResult.DryRun) result;
        out.printf(
            "dry run: edition #%d would go to %d subscribers with %d articles:%n",
            dr.draft().edition().number(), dr.audience(), dr.draft().edition().items().size());
        dr.draft()
            .edition()
            .items()
            .forEach(i -> out.printf("  %2d. %s (%s)%n", i.position(), i.title(), i.source()));
        out.println("subject: " + dr.draft().rendered().subject());
        return Main.OK;
      } else if (result instanceof SendResult.DraftCreated) {
        SendResult.DraftCreated dc = (SendResult.DraftCreated) result;
        out.printf(
            "draft of edition #%d built with %d articles; nothing sent to readers (digest.approval:"
                + " required). Told: %s. Review with 'digest draft show', send with 'digest draft"
                + " approve'%n",
            dc.number(),
            dc.items(),
            dc.notified().isEmpty() ? "no editor (see the log)" : String.join(", ", dc.notified()));
        return Main.OK;
      } else if (result instanceof SendResult.DraftWaiting) {
        SendResult.DraftWaiting dw = (SendResult.DraftWaiting) result;
        System.err.printf(
            "digest: the draft of edition #%d waits for approval; 'digest draft approve' sends it,"
                + " 'digest draft discard' drops it. No new edition built%n",
            dw.number());
        return Main.FAILURE;
      } else if (result instanceof SendResult.TestSent) {
        SendResult.TestSent t = (SendResult.TestSent) result;
        out.printf("test edition with %d articles sent to %s%n", t.items(), t.to());
        return Main.OK;
      } else {
        out.println("nothing to resume: every edition is fully delivered");
        return Main.OK;
      }
    }
  }
}
