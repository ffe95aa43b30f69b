package io.conclave.bench.mls;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.schedule.EpochSecrets;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.schedule.KeySchedule;
import io.conclave.mls.schedule.PskSecret;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One epoch of the key schedule (RFC 9420 §8): joiner secret, every epoch-derived secret, and an
 * MLS-Exporter call as the media layer makes it per epoch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KeyScheduleBenchmark {
  @Param({"1"})
  int suiteId;

  private CipherSuite suite;
  private SecretBytes initSecret;
  private SecretBytes commitSecret;
  private SecretBytes pskSecret;
  private GroupContext context;

  @Setup
  public void setup() {
    suite = CipherSuites.get(suiteId);
    initSecret = SecretBytes.wrap(new byte[suite.hashLength()]);
    commitSecret = SecretBytes.wrap(new byte[suite.hashLength()]);
    pskSecret = PskSecret.none(suite);
    context = new GroupContext(1, suiteId, new byte[16], 42, new byte[suite.hashLength()],
        new byte[suite.hashLength()], List.of());
  }

  @Benchmark
  public byte[] nextEpochAndExport() {
    EpochSecrets epoch = KeySchedule.nextEpoch(suite, initSecret, commitSecret, pskSecret, context);
    byte[] base = epoch.export("SFrame 1.0 Base Key", new byte[0], 16).copy();
    epoch.destroy();
    return base;
  }
}
