package io.conclave.mls.group;

import static io.conclave.mls.group.TestClients.credential;
import static io.conclave.mls.group.TestClients.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.messages.Update;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A {@link PublicGroup} follows real members through many epochs and agrees with them after every
 * commit: epoch, GroupContext (tree hash, confirmed transcript hash, extensions), ratchet tree, and
 * the added and removed leaves.
 */
class PublicGroupTest {
  private final CipherSuite suite = CipherSuites.get(1);
  /** Members that store external proposals and follow external commits, which this test exercises. */
  private final GroupConfig config = GroupConfig.builder().proposalPolicy(ProposalPolicy.ACCEPT_ALL)
      .allowExternalCommits(true).build();
  private final SignatureKeyPair relayKeys = suite.generateSignatureKeyPair();

  /** The members by leaf, and the public view following them. */
  private final Map<Integer, Group> members = new HashMap<>();
  private PublicGroup pub;

  private Group start(String name, PublicGroupConfig publicConfig) {
    Group alice = Group.create(suite, "public view".getBytes(StandardCharsets.UTF_8), credential(name),
        suite.generateSignatureKeyPair(), List.of(new ExternalSenders(List.of(
            new ExternalSender(relayKeys.publicKey(), credential("relay")))).toExtension()),
        config);
    members.put(0, alice);
    pub = PublicGroup.fromGroupInfo(roundTrip(alice.groupInfo(false)), Optional.empty(), publicConfig);
    assertAgrees();
    return alice;
  }

  /** A proposal reaches the relay and every member. */
  private void propose(MlsMessage proposal, Group from) {
    MlsMessage wire = roundTrip(proposal);
    pub.storeProposal(wire);
    for (Group g : members.values()) {
      if (g != from) {
        g.process(wire);
      }
    }
  }

  /** {@code committer} commits; the relay verifies and applies it; members process it; joiners join. */
  private PublicCommit commit(Group committer, CommitOptions options, KeyPackageBundle... joiners) {
    long epoch = pub.epoch();
    CommitOutput out = committer.commit(options);
    MlsMessage wire = roundTrip(out.commit());
    PublicCommit verified = pub.verifyCommit(wire);
    assertThat(pub.epoch()).isEqualTo(epoch);
    pub.apply(verified, roundTrip(out.groupInfo()));
    ProcessResult.CommitApplied mine = committer.mergePendingCommit();
    assertThat(verified.epoch()).isEqualTo(epoch);
    assertThat(verified.committer()).isEqualTo(committer.ownLeafIndex());
    assertThat(verified.added().stream().map(PublicCommit.Added::leaf).toList()).isEqualTo(mine.added());
    assertThat(verified.removed()).isEqualTo(mine.removed());
    for (Group g : new ArrayList<>(members.values())) {
      if (g != committer) {
        ProcessResult.CommitApplied theirs = (ProcessResult.CommitApplied) g.process(wire);
        assertThat(verified.added().stream().map(PublicCommit.Added::leaf).toList()).isEqualTo(theirs.added());
        assertThat(verified.removed()).isEqualTo(theirs.removed());
      }
    }
    for (LeafIndex removed : verified.removed()) {
      members.remove(removed.value());
    }
    for (KeyPackageBundle joiner : joiners) {
      Group joined = Group.joinFromWelcome(out.welcome().orElseThrow(), joiner, Optional.empty(), config);
      members.put(joined.ownLeafIndex().value(), joined);
    }
    assertAgrees();
    return verified;
  }

  private void assertAgrees() {
    assertThat(pub.members()).containsExactlyInAnyOrderElementsOf(
        members.keySet().stream().map(LeafIndex::new).toList());
    for (Group g : members.values()) {
      assertThat(pub.epoch()).isEqualTo(g.epoch());
      assertThat(pub.groupContext()).isEqualTo(contextOf(g));
      assertThat(pub.ratchetTree().toBytes()).isEqualTo(g.ratchetTree().toBytes());
    }
  }

  static io.conclave.mls.schedule.GroupContext contextOf(Group g) {
    return ((MlsMessage.GroupInfoBody) g.groupInfo(false).body()).groupInfo().groupContext();
  }

  private KeyPackageBundle keyPackage(String name) {
    return TestClients.keyPackage(suite, name, config);
  }

  @Test
  void followsMembersThroughManyEpochs() {
    Group alice = start("alice", PublicGroupConfig.DEFAULT);
    KeyPackageBundle bob = keyPackage("bob");
    KeyPackageBundle carol = keyPackage("carol");
    // 1. Adds by value with a path.
    PublicCommit c1 = commit(alice, CommitOptions.builder().add(bob.keyPackage()).add(carol.keyPackage()).build(),
        bob, carol);
    assertThat(c1.added()).extracting(PublicCommit.Added::leaf).containsExactly(new LeafIndex(1), new LeafIndex(2));
    assertThat(c1.added()).allSatisfy(a -> {
      assertThat(a.byReference()).isFalse();
      assertThat(a.proposer()).isEqualTo(new Sender.Member(0));
    });
    assertThat(c1.hasPath()).isTrue();
    // 2. An Add without a path.
    KeyPackageBundle dave = keyPackage("dave");
    PublicCommit c2 = commit(members.get(1), CommitOptions.builder().add(dave.keyPackage()).forcePath(false).build(),
        dave);
    assertThat(c2.hasPath()).isFalse();
    assertThat(c2.committer()).isEqualTo(new LeafIndex(1));
    // 3. An empty commit (path only).
    commit(members.get(3), CommitOptions.DEFAULT);
    // 4. Updates by reference from two members, committed by a third.
    propose(members.get(1).proposeUpdate(), members.get(1));
    propose(members.get(2).proposeUpdate(), members.get(2));
    PublicCommit c4 = commit(members.get(0), CommitOptions.DEFAULT);
    assertThat(c4.updated()).containsExactlyInAnyOrder(new LeafIndex(1), new LeafIndex(2));
    assertThat(c4.proposals()).allSatisfy(p -> {
      assertThat(p.proposalType()).isEqualTo(Update.TYPE);
      assertThat(p.byReference()).isTrue();
    });
    // 5. A Remove by value with a path.
    PublicCommit c5 = commit(members.get(3), CommitOptions.builder().remove(new LeafIndex(2)).build());
    assertThat(c5.removed()).containsExactly(new LeafIndex(2));
    // 6. A member's Add by reference fills the blank leaf 2.
    KeyPackageBundle erin = keyPackage("erin");
    propose(members.get(1).proposeAdd(erin.keyPackage()), members.get(1));
    PublicCommit c6 = commit(members.get(0), CommitOptions.builder().forcePath(false).build(), erin);
    assertThat(c6.added()).singleElement().satisfies(a -> {
      assertThat(a.leaf()).isEqualTo(new LeafIndex(2));
      assertThat(a.byReference()).isTrue();
      assertThat(a.proposer()).isEqualTo(new Sender.Member(1));
      assertThat(a.keyPackage()).isEqualTo(erin.keyPackage());
    });
    // 7. External sender: a Remove and an Add by reference.
    KeyPackageBundle frank = keyPackage("frank");
    propose(ExternalProposals.remove(suite, pub.groupId(), pub.epoch(), 0, relayKeys.privateKey(), new LeafIndex(1)),
        null);
    propose(ExternalProposals.add(suite, pub.groupId(), pub.epoch(), 0, relayKeys.privateKey(), frank.keyPackage()),
        null);
    PublicCommit c7 = commit(members.get(2), CommitOptions.DEFAULT, frank);
    assertThat(c7.removed()).containsExactly(new LeafIndex(1));
    assertThat(c7.added()).singleElement().satisfies(a -> {
      assertThat(a.leaf()).isEqualTo(new LeafIndex(1));
      assertThat(a.proposer()).isEqualTo(new Sender.External(0));
    });
    assertThat(c7.proposals()).extracting(PublicCommit.Proposed::proposalType).containsExactly(Remove.TYPE, Add.TYPE);
    // 8. A member's Remove by reference and an Add by value in one commit.
    KeyPackageBundle grace = keyPackage("grace");
    propose(members.get(3).proposeRemove(new LeafIndex(2)), members.get(3));
    commit(members.get(0), CommitOptions.builder().add(grace.keyPackage()).build(), grace);
    // 9.–16. More rounds: every member commits in turn, with and without a path.
    for (int round = 0; round < 8; round++) {
      List<Integer> leaves = new ArrayList<>(members.keySet());
      Group committer = members.get(leaves.get(round % leaves.size()));
      if (round % 3 == 0) {
        KeyPackageBundle joiner = keyPackage("joiner " + round);
        commit(committer, CommitOptions.builder().add(joiner.keyPackage()).forcePath(round % 2 == 0).build(), joiner);
      } else if (round % 3 == 1) {
        LeafIndex victim = leaves.stream().map(LeafIndex::new).filter(l -> !l.equals(committer.ownLeafIndex()))
            .reduce((a, b) -> b).orElseThrow();
        commit(committer, CommitOptions.builder().remove(victim).build());
      } else {
        commit(committer, CommitOptions.DEFAULT);
      }
    }
    assertThat(pub.epoch()).isEqualTo(16);
    // A copy follows on its own; the original is unchanged by what the copy applies.
    PublicGroup copy = pub.copy();
    Group committer = members.values().iterator().next();
    CommitOutput out = committer.commit();
    copy.apply(copy.verifyCommit(out.commit()), out.groupInfo());
    committer.discardPendingCommit();
    assertThat(copy.epoch()).isEqualTo(17);
    assertAgrees();
  }

  @Test
  void followsAnExternalCommitWhenAllowed() {
    Group alice = start("alice", PublicGroupConfig.builder().allowExternalCommits(true).build());
    KeyPackageBundle bob = keyPackage("bob");
    commit(alice, CommitOptions.builder().add(bob.keyPackage()).build(), bob);
    ExternalJoin carol = Group.joinExternally(roundTrip(alice.groupInfo(true)), credential("carol"),
        suite.generateSignatureKeyPair(), config);
    PublicCommit verified = pub.verifyCommit(roundTrip(carol.commit()));
    assertThat(verified.external()).isTrue();
    assertThat(verified.committer()).isEqualTo(new LeafIndex(2));
    pub.apply(verified, roundTrip(carol.group().groupInfo(false)));
    for (Group g : members.values()) {
      g.process(carol.commit());
    }
    members.put(2, carol.group());
    assertAgrees();
    commit(members.get(2), CommitOptions.builder().remove(new LeafIndex(0)).build());
  }
}
