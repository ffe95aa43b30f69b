package io.conclave.interop;

import static io.conclave.interop.Interop.SUITE;
import static io.conclave.interop.Interop.assertAgree;
import static io.conclave.interop.Interop.bundle;
import static io.conclave.interop.Interop.config;
import static io.conclave.interop.Interop.keyPackage;
import static io.conclave.interop.Interop.message;
import static io.conclave.interop.Interop.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.credential.Credential;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.ProcessResult;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.treemath.LeafIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * (f) ts-mls joins a churned Java group whose tree has blank leaves and parent nodes with
 * different {@code unmerged_leaves} lists along one direct path (RFC 9420 §7.1, §12.4.3.1).
 *
 * <p>This needs {@code web/patches/ts-mls+1.6.4.patch}. Unpatched, ts-mls 1.6.4 requires
 * every non-blank node on an unmerged leaf's whole direct path to carry the very same list as the
 * parent naming it, and refuses the Welcome. Observed running this test with the patch reverted
 * ({@code npx patch-package --reverse} in ts-mls-driver, then {@code mvn test -Dnpm.skip=true}): bob's
 * join fails with {@code ValidationError: non-blank intermediate node must list leaf node in its
 * unmerged_leaves}.
 */
class ChurnedTreeInteropTest {
  private static TsMlsPeer tsMls;

  @BeforeAll
  static void startDriver() {
    tsMls = TsMlsPeer.start();
  }

  @AfterAll
  static void stopDriver() {
    tsMls.close();
  }

  @Test
  void tsMlsJoinsAndCommitsInChurnedJavaGroup() {
    Group alice = Group.create(SUITE, utf8("scenario-f"), new Credential.Basic(utf8("alice")),
        SUITE.generateSignatureKeyPair(), config());
    List<Group> java = new ArrayList<>(List.of(alice));

    // Leaves 1..7, one commit without a path: every parent node stays blank.
    List<KeyPackageBundle> first = new ArrayList<>();
    CommitOptions.Builder adds = CommitOptions.builder().forcePath(false);
    for (int i = 1; i <= 7; i++) {
      KeyPackageBundle b = bundle("member-" + i);
      first.add(b);
      adds.add(b.keyPackage());
    }
    CommitOutput added = alice.commit(adds.build());
    alice.mergePendingCommit();
    for (KeyPackageBundle b : first) {
      java.add(Group.joinFromWelcome(added.welcome().orElseThrow(), b, Optional.empty(), config()));
    }
    assertAgree(tsMls, List.of(), java);

    // Removing leaves 3 and 5 takes a path (§12.4): alice's direct path (nodes 1, 3, 7) gets keys,
    // leaves 3 and 5 go blank with nodes 5, 9 and 11.
    Group leaf3 = java.get(3);
    Group leaf5 = java.get(5);
    commitByAlice(java, CommitOptions.builder().remove(new LeafIndex(3)).remove(new LeafIndex(5)).build());
    java.remove(leaf3);
    java.remove(leaf5);

    // Adds without a path refill leaf 3, then leaf 5: node 3 lists [3] while node 7 lists [3, 5].
    for (String name : List.of("refill-3", "refill-5")) {
      KeyPackageBundle b = bundle(name);
      CommitOutput out = commitByAlice(java, CommitOptions.builder().forcePath(false).add(b.keyPackage()).build());
      java.add(Group.joinFromWelcome(out.welcome().orElseThrow(), b, Optional.empty(), config()));
      assertAgree(tsMls, List.of(), java);
    }

    // ts-mls joins at leaf 8 (the tree grows to 16 leaves, more blanks) by a Welcome without a path.
    byte[] bob = tsMls.keyPackage("f-bob", utf8("bob"));
    CommitOutput withBob = commitByAlice(java, CommitOptions.builder().forcePath(false).add(keyPackage(bob)).build());
    TsMlsPeer.Summary joined = tsMls.joinWelcome("f-bob", withBob.welcome().orElseThrow().toBytes(), Optional.empty());
    assertThat(joined.ownLeaf()).isEqualTo(8);
    assertAgree(tsMls, List.of("f-bob"), java);

    // ts-mls commits a Remove (path encrypted to resolutions that include unmerged leaves).
    Group removed = java.get(1);
    TsMlsPeer.Committed byBob = tsMls.commit("f-bob", List.of(), List.of(removed.ownLeafIndex().value()), false);
    for (Group g : java) {
      assertThat(g.process(message(byBob.commit()))).isInstanceOf(ProcessResult.CommitApplied.class);
    }
    java.remove(removed);
    assertAgree(tsMls, List.of("f-bob"), java);

    // A Java member other than alice commits with a path; ts-mls follows.
    Group other = java.get(1);
    CommitOutput update = other.commit();
    other.mergePendingCommit();
    for (Group g : java) {
      if (g != other) {
        g.process(update.commit());
      }
    }
    assertThat(tsMls.process("f-bob", update.commit().toBytes()).kind()).isEqualTo("commit");
    assertAgree(tsMls, List.of("f-bob"), java);
  }

  private static CommitOutput commitByAlice(List<Group> java, CommitOptions options) {
    Group alice = java.getFirst();
    CommitOutput out = alice.commit(options);
    alice.mergePendingCommit();
    for (Group g : java.subList(1, java.size())) {
      assertThat(g.process(out.commit())).isInstanceOf(ProcessResult.CommitApplied.class);
    }
    return out;
  }
}
