package io.conclave.bench.mls;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.secrettree.RatchetKey;
import io.conclave.mls.secrettree.RatchetType;
import io.conclave.mls.secrettree.SecretTree;
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
 * Secret-tree key derivation (RFC 9420 §9): the first application key of a leaf in a fresh tree
 * (derives the path from the root to the leaf), and the next key of an already-started ratchet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SecretTreeBenchmark {
  @Param({"1024"})
  int leaves;

  private CipherSuite suite;
  private byte[] encryptionSecret;
  private SecretTree warmTree;

  @Setup
  public void setup() {
    suite = CipherSuites.get(1);
    encryptionSecret = new byte[suite.hashLength()];
    warmTree = new SecretTree(suite, SecretBytes.copyOf(encryptionSecret), leaves);
  }

  /** A new epoch's first key for one sender: log2(leaves) node derivations plus the ratchet. */
  @Benchmark
  public long firstKeyOfLeafInFreshTree() {
    SecretTree tree = new SecretTree(suite, SecretBytes.copyOf(encryptionSecret), leaves);
    RatchetKey key = tree.ratchet(leaves / 2 + 1, RatchetType.APPLICATION).nextKey();
    long generation = key.generation();
    key.destroy();
    tree.destroy();
    return generation;
  }

  /** Steady state: one hash-ratchet step (key, nonce, next secret). */
  @Benchmark
  public long nextKeyOfStartedRatchet() {
    RatchetKey key = warmTree.ratchet(3, RatchetType.APPLICATION).nextKey();
    long generation = key.generation();
    key.destroy();
    return generation;
  }
}
