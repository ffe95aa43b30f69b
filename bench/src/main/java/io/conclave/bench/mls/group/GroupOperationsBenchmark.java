package io.conclave.bench.mls.group;

import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.ProcessResult;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.treemath.LeafIndex;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The group operations of a meeting, per group size: create an Add commit, process it, join from
 * its Welcome, create a Remove commit, process it (RFC 9420 §12.4). Creation is measured as
 * commit + discard (the group is left as it was); processing and joining work on a member state
 * restored from its serialised form before each call, outside the measurement.
 *
 * <p>The Add commit goes without an UpdatePath, as ts-mls makes it (§12.4: Add-only commits need
 * none), so that the two libraries do the same work. {@link #createAddCommitWithPath} is the Add
 * commit as Conclave's client makes it by default ({@code forcePath}: every Add also refreshes the
 * committer's path, for post-compromise security), which costs one HPKE encryption per node of
 * the copath resolutions (§7.6): with blank parents, one per member.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GroupOperationsBenchmark {
  @Param({"10", "100", "1000"})
  int size;

  /** {@code blank}: parents blank as after one big Add (the ts-mls comparison); {@code populated}: see {@link GroupFixture}. */
  @Param({"blank", "populated"})
  String tree;

  private GroupFixture fixture;
  private byte[] observerState;
  private KeyPackageBundle joiner;
  private MlsMessage addCommit;
  private MlsMessage welcome;
  private MlsMessage removeCommit;
  private Group observer;

  @Setup(Level.Trial)
  public void setup() {
    fixture = new GroupFixture(CipherSuites.get(1), size, tree.equals("populated"));
    observerState = fixture.observer.toBytes();
    joiner = fixture.keyPackage("joiner");
    CommitOutput add = fixture.owner.commit(addOnly());
    addCommit = add.commit();
    welcome = add.welcome().orElseThrow();
    fixture.owner.discardPendingCommit();
    removeCommit = fixture.owner.commit(CommitOptions.builder().remove(new LeafIndex(size - 1)).build()).commit();
    fixture.owner.discardPendingCommit();
  }

  @Setup(Level.Invocation)
  public void restoreObserver() {
    observer = Group.fromBytes(observerState, fixture.config);
  }

  private CommitOptions addOnly() {
    return CommitOptions.builder().add(joiner.keyPackage()).forcePath(false).build();
  }

  @Benchmark
  public MlsMessage createAddCommit() {
    MlsMessage commit = fixture.owner.commit(addOnly()).commit();
    fixture.owner.discardPendingCommit();
    return commit;
  }

  @Benchmark
  public MlsMessage createAddCommitWithPath() {
    MlsMessage commit = fixture.owner.commit(CommitOptions.builder().add(joiner.keyPackage()).build()).commit();
    fixture.owner.discardPendingCommit();
    return commit;
  }

  @Benchmark
  public ProcessResult processAddCommit() {
    return observer.process(addCommit);
  }

  @Benchmark
  public Group joinFromWelcome() {
    return Group.joinFromWelcome(welcome, joiner, Optional.empty(), fixture.config);
  }

  @Benchmark
  public MlsMessage createRemoveCommit() {
    MlsMessage commit =
        fixture.owner.commit(CommitOptions.builder().remove(new LeafIndex(size - 1)).build()).commit();
    fixture.owner.discardPendingCommit();
    return commit;
  }

  @Benchmark
  public ProcessResult processRemoveCommit() {
    return observer.process(removeCommit);
  }
}
