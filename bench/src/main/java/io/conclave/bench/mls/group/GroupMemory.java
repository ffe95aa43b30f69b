package io.conclave.bench.mls.group;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.keypackage.KeyPackageBundle;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Memory held by one member's group state in a group of {@code size} (default 1,000): heap growth
 * after {@code joiners} members join from one Welcome (after full GCs), and the size of the
 * serialised state. Not a JMH benchmark: JMH measures time; this is run by
 * {@code bench/compare-mls.sh} next to the same measurement on ts-mls.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.conclave.bench.mls.group.GroupMemory [size] [joiners]}
 */
public final class GroupMemory {
  private GroupMemory() {}

  public static void main(String[] args) throws InterruptedException {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int joiners = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    CipherSuite suite = CipherSuites.get(1);
    GroupConfig config = GroupConfig.DEFAULT;
    GroupFixture fixture = new GroupFixture(suite, size - joiners, false);

    List<KeyPackageBundle> bundles = new ArrayList<>();
    CommitOptions.Builder adds = CommitOptions.builder();
    for (int i = 0; i < joiners; i++) {
      KeyPackageBundle bundle = fixture.keyPackage("joiner " + i);
      bundles.add(bundle);
      adds.add(bundle.keyPackage());
    }
    CommitOutput out = fixture.owner.commit(adds.build());
    fixture.owner.mergePendingCommit();
    MlsMessage welcome = out.welcome().orElseThrow();

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    List<Group> states = new ArrayList<>();
    for (KeyPackageBundle bundle : bundles) {
      states.add(Group.joinFromWelcome(welcome, bundle, Optional.empty(), config));
    }
    long after = usedAfterGc(memory);
    int serialised = states.getFirst().toBytes().length;
    System.out.printf("java group of %d: heap per member state %.1f KiB (mean of %d), serialised state %.1f KiB%n",
        fixture.owner.roster().size(), (after - before) / 1024.0 / joiners, joiners, serialised / 1024.0);
    if (states.size() != joiners) {
      throw new IllegalStateException("unreachable: keeps the states alive until after the measurement");
    }
  }

  private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
