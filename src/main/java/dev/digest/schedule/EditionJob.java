package dev.digest.schedule;

import dev.digest.app.DigestRun;
import dev.digest.app.DigestRun.SendOptions;
import dev.digest.app.DigestRun.SendResult;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled job: builds and delivers the next edition. Never two at once (also across a
 * cluster: Quartz holds the trigger row).
 */
@DisallowConcurrentExecution
public final class EditionJob implements Job {

  /** The trigger's job data key naming the cadence whose edition the fire builds. */
  static final String CADENCE = "cadence";

  private static final Logger log = LoggerFactory.getLogger(EditionJob.class);

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    DigestRun run;
    try {
      run = (DigestRun) context.getScheduler().getContext().get(DigestScheduler.RUN_KEY);
    } catch (SchedulerException e) {
      throw new JobExecutionException(e);
    }
    String cadence = context.getMergedJobDataMap().getString(CADENCE);
    cadence = cadence == null ? "" : cadence;
    log.info(
        "scheduled run fired cadence={} scheduled_for={}",
        cadence,
        context.getScheduledFireTime().toInstant());
    try {
      // An unfinished earlier edition is not resumed here: serve's DeliveryWorker finishes it,
      // taking only rows stale past the policy's limit, so a live node's rows are never sent
      // twice. The scheduled edition goes out regardless, as the reader expects on the day.
      SendResult result = run.send(new SendOptions("", false, false, true, cadence));
      log.info("scheduled run done result={}", result.getClass().getSimpleName());
    } catch (RuntimeException e) {
      // Logged, not rethrown into Quartz: the next fire must still happen; the edition (if one
      // was stored) is resumable.
      log.error("scheduled run failed error={}", e.toString(), e);
    }
  }
}
