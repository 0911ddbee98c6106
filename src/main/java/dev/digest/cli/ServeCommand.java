package dev.digest.cli;

import dev.digest.app.DigestApp;
import dev.digest.app.DraftDeadlineWatch;
import dev.digest.config.DigestConfig;
import dev.digest.delivery.DeliveryWorker;
import dev.digest.feedback.MailboxPoller;
import dev.digest.schedule.DigestScheduler;
import dev.digest.web.WebServer;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code digest serve}: the schedule and the web site, until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Run the schedule and the web site (and the dev outbox when no SMTP host is set).")
final class ServeCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "HTTP port (default: web.port from the config, 8080).")
  Integer port;

  @Option(
      names = "--smtp-port",
      paramLabel = "N",
      description =
          "Port of the embedded dev SMTP server when no SMTP host is set (default: ${DEFAULT-VALUE}; 0 = any free port).",
      defaultValue = "2525")
  int smtpPort;

  @Option(
      names = "--no-schedule",
      description = "Serve the web site only; do not run the schedule on this node.")
  boolean noSchedule;

  @Option(
      names = "--delivery-poll-seconds",
      hidden = true,
      defaultValue = "5",
      description =
          "How often this node looks for editions with mail left to send (several nodes share them).")
  int deliveryPollSeconds;

  @Override
  public Integer call() throws Exception {
    DigestConfig cfg = config.load();
    int httpPort = port != null ? port : cfg.web().port();
    DigestApp app = DigestApp.open(cfg, Clock.systemUTC(), smtpPort);
    DigestScheduler scheduler = null;
    DeliveryWorker worker = null;
    WebServer web = null;
    MailboxPoller poller = null;
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      scheduler = noSchedule ? null : DigestScheduler.start(app, instanceId());
      DigestScheduler s = scheduler;
      // Feeds, fetch settings, cron and time zone changed in feeds.yml apply without a restart.
      ConfigReloader reloader =
          ConfigReloader.start(app, java.util.Optional.ofNullable(s), Duration.ofSeconds(2));
      // Helps with editions another node started, or one a crash or an outage left unfinished.
      worker =
          DeliveryWorker.start(
              app.deliveries(),
              app.deliveryRunner(),
              app.clock(),
              Duration.ofSeconds(Math.max(1, deliveryPollSeconds)));
      DeliveryWorker dw = worker;
      // A draft nobody approved is dropped or sent at its deadline (digest.approval-deadline).
      DraftDeadlineWatch deadlines = DraftDeadlineWatch.start(app, Duration.ofSeconds(15));
      if (cfg.digest().welcome()) {
        // Welcomes a confirm could not send at once (SMTP away, a node that died) go out later.
        app.welcomeSender().startSweep(Duration.ofSeconds(30));
      }
      // Returned mail (DSNs, complaints, mailto unsubscribes) from the mailbox that receives it.
      poller =
          cfg.mail()
              .bounces()
              .imap()
              .map(i -> MailboxPoller.start(i, app.feedbackSink()))
              .orElse(null);
      MailboxPoller mp = poller;
      web =
          WebServer.start(
              app,
              cfg.web().bind(),
              httpPort,
              () -> s == null ? java.util.Optional.empty() : s.nextFireTime());
      WebServer w = web;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    // Stop taking requests, let a running edition job finish its message, close.
                    w.close();
                    dw.close();
                    deadlines.close();
                    if (mp != null) {
                      mp.close();
                    }
                    reloader.close();
                    if (s != null) {
                      s.close();
                    }
                    app.close();
                    stopped.countDown();
                  },
                  "digest-shutdown"));
      System.out.printf(
          "digest: serving %s on http://%s:%d/%n",
          cfg.digest().title(), cfg.web().bind(), web.port());
      app.devOutbox()
          .ifPresent(
              o ->
                  System.out.printf(
                      "digest: no SMTP host set: mail goes to the dev outbox at http://%s:%d/outbox (SMTP 127.0.0.1:%d)%n",
                      cfg.web().bind(), w.port(), o.smtpPort()));
      if (mp != null) {
        System.out.println("digest: reading returned mail from " + mp.describe());
      }
      if (s != null) {
        System.out.println(
            "digest: next edition at "
                + s.nextFireTime()
                    .map(t -> t.atZone(cfg.digest().timeZone()).toString())
                    .orElse("(never: the cron has no future fire time)"));
      }
      System.out.flush();
      stopped.await();
      return Main.OK;
    } catch (RuntimeException e) {
      if (web != null) {
        web.close();
      }
      if (worker != null) {
        worker.close();
      }
      if (poller != null) {
        poller.close();
      }
      if (scheduler != null) {
        scheduler.close();
      }
      app.close();
      throw e;
    }
  }

  /** Unique per node for Quartz clustering: host name plus process id. */
  private static String instanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "node";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
