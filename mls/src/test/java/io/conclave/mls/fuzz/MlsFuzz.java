package io.conclave.mls.fuzz;

import io.conclave.mls.MlsException;
import io.conclave.mls.ProtocolException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Seeded, structure-aware mutation fuzzer of the MLS library's decoders and processing entry
 * points (see docs/CONFORMANCE.md, "Fuzzing"). The oracle: only {@link MlsException} may escape;
 * anything else (including {@link OutOfMemoryError} and {@link StackOverflowError}), an input that
 * takes longer than the time bound, or a {@code PublicGroup} check that masked an internal error
 * as {@code public.malformed} is a finding.
 *
 * <pre>
 * java -Xmx256m -cp ... io.conclave.mls.fuzz.MlsFuzz --inputs 1000000 --seed 1 [--target NAME] [--limit-ms 5000]
 * </pre>
 */
public final class MlsFuzz {
  private static final HexFormat HEX = HexFormat.of();

  /** A distinct failure: its kind (exception class and first library frame), a count and an input. */
  public record Finding(String target, String kind, long count, String inputHex, Throwable error) {}

  /** What one target did. */
  public static final class Stats {
    public final String target;
    public long inputs;
    public long accepted;
    public long rejected;
    public long resigned;
    public long nanos;
    public long maxNanos;
    public final Map<String, Long> rejectedBy = new TreeMap<>();
    public final Map<String, Finding> findings = new LinkedHashMap<>();

    Stats(String target) {
      this.target = target;
    }

    @Override
    public String toString() {
      double seconds = nanos / 1e9;
      return String.format(Locale.ROOT,
          "%-26s inputs %,10d  accepted %,8d  rejected %,10d  resigned %,9d  findings %d  %,8.0f/s  max %,6.1f ms  %s",
          target, inputs, accepted, rejected, resigned, findings.size(), inputs / Math.max(seconds, 1e-9),
          maxNanos / 1e6, rejectedBy);
    }
  }

  private MlsFuzz() {}

  /** Runs {@code inputs} inputs against {@code target}, seeded; per-input time bound {@code limitMs}. */
  public static Stats run(FuzzTargets.Target target, long inputs, long seed, List<byte[]> pool, long limitMs) {
    Stats stats = new Stats(target.name());
    SplittableRandom rnd = new SplittableRandom(seed * 31 + target.name().hashCode());
    List<FuzzTargets.Seed> seeds = target.seeds();
    for (long i = 0; i < inputs; i++) {
      FuzzTargets.Seed s = seeds.get(rnd.nextInt(seeds.size()));
      byte[] input = rnd.nextInt(32) == 0 ? s.bytes() : Mutator.mutate(s.bytes(), rnd, pool);
      if (target.resign() != null && rnd.nextBoolean()) {
        byte[] resigned = target.resign().resign(s, input);
        if (resigned != input) {
          stats.resigned++;
          input = resigned;
        }
      }
      long t0 = System.nanoTime();
      try {
        target.run().accept(s, input);
        stats.accepted++;
      } catch (ProtocolException e) {
        stats.rejected++;
        stats.rejectedBy.merge("Protocol", 1L, Long::sum);
        if (masksInternalError(e)) {
          record(stats, "masked " + e.getMessage().split(":", 2)[0], input, e);
        }
      } catch (MlsException e) {
        stats.rejected++;
        stats.rejectedBy.merge(e.getClass().getSimpleName().replace("Exception", ""), 1L, Long::sum);
      } catch (Throwable e) {
        record(stats, kind(e), input, e);
      }
      long took = System.nanoTime() - t0;
      stats.nanos += took;
      stats.inputs++;
      stats.maxNanos = Math.max(stats.maxNanos, took);
      if (took > limitMs * 1_000_000L) {
        record(stats, "slow input (" + took / 1_000_000 + " ms > " + limitMs + " ms)", input, null);
      }
    }
    return stats;
  }

  /** PublicGroup turns internal errors into public.malformed; the oracle looks through that. */
  private static boolean masksInternalError(ProtocolException e) {
    String m = String.valueOf(e.getMessage());
    return m.startsWith("IllegalArgumentException:") || m.startsWith("IllegalStateException:")
        || m.startsWith("IndexOutOfBoundsException:") || m.startsWith("NoSuchElementException:")
        || m.startsWith("ClassCastException:") || m.startsWith("ArithmeticException:")
        || m.startsWith("ArrayIndexOutOfBoundsException:");
  }

  private static String kind(Throwable e) {
    for (StackTraceElement f : e.getStackTrace()) {
      if (f.getClassName().startsWith("io.conclave.mls.") && !f.getClassName().startsWith("io.conclave.mls.fuzz.")) {
        return e.getClass().getName() + " at " + f;
      }
    }
    return e.getClass().getName();
  }

  private static void record(Stats stats, String kind, byte[] input, Throwable e) {
    Finding old = stats.findings.get(kind);
    stats.findings.put(kind, old == null ? new Finding(stats.target, kind, 1, HEX.formatHex(input), e)
        : new Finding(old.target(), kind, old.count() + 1, old.inputHex(), old.error()));
  }

  /** Every seed of every target: the material spliced into inputs. */
  public static List<byte[]> pool(List<FuzzTargets.Target> targets) {
    List<byte[]> pool = new ArrayList<>();
    targets.forEach(t -> t.seeds().forEach(s -> pool.add(s.bytes())));
    return pool;
  }

  public static void main(String[] args) {
    long inputs = 1_000_000;
    long seed = 1;
    long limitMs = 5_000;
    String only = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--inputs" -> inputs = Long.parseLong(args[++i].replace("_", ""));
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--limit-ms" -> limitMs = Long.parseLong(args[++i]);
        case "--target" -> only = args[++i];
        default -> {
          System.err.println("usage: MlsFuzz [--inputs N] [--seed S] [--target NAME] [--limit-ms MS]");
          System.exit(2);
        }
      }
    }
    long t0 = System.nanoTime();
    List<FuzzTargets.Target> targets = FuzzTargets.all(20);
    List<byte[]> pool = pool(targets);
    System.out.printf(Locale.ROOT, "seeds built in %.1f s: %d targets, %d seed inputs; %,d inputs per target, seed %d,"
        + " max heap %d MiB%n", (System.nanoTime() - t0) / 1e9, targets.size(), pool.size(), inputs, seed,
        Runtime.getRuntime().maxMemory() >> 20);
    long findings = 0;
    for (FuzzTargets.Target t : targets) {
      if (only != null && !t.name().equals(only)) {
        continue;
      }
      Stats stats = run(t, inputs, seed, pool, limitMs);
      System.out.println(stats);
      for (Finding f : stats.findings.values()) {
        findings++;
        System.out.println("  FINDING " + f.kind() + " x" + f.count() + "\n    input " + f.inputHex());
        if (f.error() != null) {
          f.error().printStackTrace(System.out);
        }
      }
      System.out.flush();
    }
    System.out.printf(Locale.ROOT, "done in %.1f s, %d distinct findings%n", (System.nanoTime() - t0) / 1e9, findings);
    System.exit(findings == 0 ? 0 : 1);
  }
}
