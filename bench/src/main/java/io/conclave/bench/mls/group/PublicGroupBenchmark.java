package io.conclave.bench.mls.group;

import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.PublicCommit;
import io.conclave.mls.group.PublicGroup;
import io.conclave.mls.group.PublicGroupConfig;
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
 * What the relay pays to follow a group publicly ({@link PublicGroup}, RFC 9420 §12.4.2, §12.4.3):
 * verify a commit and apply it with the committer's GroupInfo for the new epoch, for an Add without
 * a path (as {@link GroupOperationsBenchmark#processAddCommit}) and a Remove with its path; and
 * starting to follow a group from a GroupInfo with the ratchet tree (whole-tree validation). Each
 * verify+apply works on a fresh {@link PublicGroup#copy()} of the view made outside the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PublicGroupBenchmark {
  @Param({"100", "1000"})
  int size;

  /** See {@link GroupFixture}: {@code blank} parents after one big Add, or {@code populated}. */
  @Param({"blank", "populated"})
  String tree;

  private MlsMessage groupInfo;
  private PublicGroup base;
  private MlsMessage addCommit;
  private MlsMessage addGroupInfo;
  private MlsMessage removeCommit;
  private MlsMessage removeGroupInfo;
  private PublicGroup view;

  @Setup(Level.Trial)
  public void setup() {
    GroupFixture fixture = new GroupFixture(CipherSuites.get(1), size, tree.equals("populated"));
    groupInfo = fixture.owner.groupInfo(false);
    base = PublicGroup.fromGroupInfo(groupInfo, Optional.empty(), PublicGroupConfig.DEFAULT);
    KeyPackageBundle joiner = fixture.keyPackage("joiner");
    CommitOutput add = fixture.owner.commit(CommitOptions.builder().add(joiner.keyPackage()).forcePath(false).build());
    addCommit = add.commit();
    addGroupInfo = add.groupInfo();
    fixture.owner.discardPendingCommit();
    CommitOutput remove = fixture.owner.commit(CommitOptions.builder().remove(new LeafIndex(size - 1)).build());
    removeCommit = remove.commit();
    removeGroupInfo = remove.groupInfo();
    fixture.owner.discardPendingCommit();
  }

  @Setup(Level.Invocation)
  public void freshView() {
    view = base.copy();
  }

  @Benchmark
  public PublicCommit verifyAndApplyAdd() {
    PublicCommit commit = view.verifyCommit(addCommit);
    view.apply(commit, addGroupInfo);
    return commit;
  }

  @Benchmark
  public PublicCommit verifyAndApplyRemoveWithPath() {
    PublicCommit commit = view.verifyCommit(removeCommit);
    view.apply(commit, removeGroupInfo);
    return commit;
  }

  @Benchmark
  public PublicGroup fromGroupInfo() {
    return PublicGroup.fromGroupInfo(groupInfo, Optional.empty(), PublicGroupConfig.DEFAULT);
  }
}
