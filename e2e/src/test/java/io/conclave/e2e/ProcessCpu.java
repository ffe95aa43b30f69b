package io.conclave.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a browser: every process below a driver process (Linux /proc, utime + stime of each
 * thread, in clock ticks of 10 ms), so two browsers can be compared over the same interval of the
 * same meeting. Threads are keyed by process id and thread name; a thread that ends inside the
 * interval is not counted (which under-counts, never over-counts).
 */
final class ProcessCpu {
  private static final double TICK_S = 0.01;

  private ProcessCpu() {}

  /** CPU ticks so far per "pid/thread name" of every descendant of {@code root}. */
  static Map<String, Long> sample(ProcessHandle root) {
    Map<String, Long> ticks = new HashMap<>();
    // Not node nor perl: firefox-driver.mjs's audio sinks (web/e2e/audio-sink.pl) stand in for a sound card.
    List<ProcessHandle> all = root.descendants().filter(p -> {
      String command = p.info().command().orElse("");
      return !command.endsWith("/node") && !command.endsWith("/perl");
    }).toList();
    for (ProcessHandle p : all) {
      Path tasks = Path.of("/proc", Long.toString(p.pid()), "task");
      try (Stream<Path> ts = Files.list(tasks)) {
        for (Path t : ts.toList()) {
          String stat = Files.readString(t.resolve("stat"));
          // "tid (comm) state ppid ...": comm may hold spaces; fields after it are space-separated.
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String[] f = stat.substring(close + 2).split(" ");
          long used = Long.parseLong(f[11]) + Long.parseLong(f[12]);
          ticks.merge(p.pid() + "/" + stat.substring(open + 1, close), used, Long::sum);
        }
      } catch (IOException | RuntimeException e) {
        // The process or thread ended while being read.
      }
    }
    return ticks;
  }

  /** CPU seconds per thread name (summed over processes) between two samples. */
  static Map<String, Double> byThreadName(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Double> out = new HashMap<>();
    after.forEach((k, v) -> {
      long d = v - before.getOrDefault(k, 0L);
      if (d > 0) {
        out.merge(k.substring(k.indexOf('/') + 1), d * TICK_S, Double::sum);
      }
    });
    return out;
  }

  /** "total X.X CPU-s; thread a X.X, b X.X, ..." (the {@code top} busiest thread names). */
  static String describe(Map<String, Double> byThread, int top) {
    double total = byThread.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder s = new StringBuilder(String.format("total %.2f CPU-s;", total));
    byThread.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
        .forEach(e -> s.append(String.format(" %s %.2f,", e.getKey(), e.getValue())));
    s.setLength(s.length() - 1);
    return s.toString();
  }

  static double total(Map<String, Double> byThread) {
    return byThread.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
