package dev.digest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time per condensed article on this thread, for machines too busy for wall-clock JMH
 * figures: {@code java -cp bench/target/benchmarks.jar dev.digest.bench.CondenseCpuTime}.
 */
public final class CondenseCpuTime {

  private CondenseCpuTime() {}

  public static void main(String[] args) {
    CondenseBenchmark bench = new CondenseBenchmark();
    bench.setUp();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int warmup = 3_000;
    int runs = 5_000;
    int sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += bench.extractiveHtml().quickSummary().size();
    }
    long start = mx.getCurrentThreadCpuTime();
    for (int i = 0; i < runs; i++) {
      sink += bench.extractiveHtml().quickSummary().size();
    }
    long nanos = mx.getCurrentThreadCpuTime() - start;
    System.out.printf(
        "extractiveHtml: %.3f ms CPU per article, %.0f articles per CPU-second (sink %d)%n",
        nanos / 1e6 / runs, runs / (nanos / 1e9), sink);
  }
}
