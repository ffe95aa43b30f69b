package io.conclave.mls.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.treemath.LeafIndex;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A Remove commit in a 1,000-member group built by one commit of 999 Adds, so the tree has blank
 * parents and the committer's copath resolutions hold about one ciphertext per member
 * (RFC 9420 §7.6); with populated parents the same commit needs about {@code log2(n)}.
 */
class LargeGroupCommitCostTest {
  private static final int MEMBERS = 1000;

  /**
   * The protocol's cost, counted rather than timed: processing needs one HPKE decryption, and
   * creating encrypts one path secret per node of the copath resolutions — about one per member in
   * a tree built by one big Add (parents blank), far fewer once members have committed. Timing:
   * {@code GroupOperationsBenchmark} in the bench module.
   */
  @Test
  void removeCommitInThousandMemberGroup() {
    CipherSuite suite = CipherSuites.get(1);
    GroupConfig config = GroupConfig.DEFAULT;
    Group alice = TestClients.create(suite, "alice", config);
    CommitOptions.Builder adds = CommitOptions.builder();
    KeyPackageBundle bob = TestClients.keyPackage(suite, "bob", config);
    adds.add(bob.keyPackage());
    for (int i = 2; i < MEMBERS; i++) {
      adds.add(TestClients.keyPackage(suite, "member " + i, config).keyPackage());
    }
    CommitOutput added = alice.commit(adds.build());
    alice.mergePendingCommit();
    Group bobGroup = Group.joinFromWelcome(added.welcome().orElseThrow(), bob, Optional.empty(), config);
    assertThat(bobGroup.roster()).hasSize(MEMBERS);

    for (int round = 0; round < 2; round++) {
      LeafIndex removed = new LeafIndex(MEMBERS - 1 - round);
      CommitOutput commit = alice.commit(CommitOptions.builder().remove(removed).build());
      alice.mergePendingCommit();
      bobGroup.process(commit.commit());
      int ciphertexts = ciphertextCount(commit.commit());
      // Blank parents: the resolution of each copath child is its non-blank leaves and nodes.
      assertThat(ciphertexts).isBetween(MEMBERS / 2, MEMBERS);
      assertThat(bobGroup.epochAuthenticator()).isEqualTo(alice.epochAuthenticator());
      assertThat(bobGroup.roster()).hasSize(MEMBERS - 1 - round);
    }
  }

  private static int ciphertexts(UpdatePath path) {
    return path.nodes().stream().mapToInt(n -> n.encryptedPathSecret().size()).sum();
  }

  private static int ciphertextCount(MlsMessage commit) {
    FramedContent content = ((MlsMessage.Public) commit.body()).message().content();
    return ciphertexts(((Content.CommitContent) content.content()).commit().path().orElseThrow());
  }
}
