package io.conclave.mls.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.MlsException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A seeded random meeting of up to 50 members over 500 operations — adds (with and without
 * path, so the tree has blank and unmerged leaves), removes, updates (by proposal and by empty
 * commit), external joins, Remove proposals from an external sender, and application messages
 * (RFC 9420 §12). After every epoch change all members agree on the epoch authenticator and the
 * exporter secret; a removed member holding its old state decrypts no later application message;
 * a joiner decrypts no earlier one.
 */
class GroupSimulationTest {
  private static final long SEED = 20261129L;
  private static final int OPERATIONS = 500;
  private static final int MAX_MEMBERS = 50;
  /** How many removed states and earlier messages each later check covers (bounds the run time). */
  private static final int KEPT = 12;

  private final SplittableRandom random = new SplittableRandom(SEED);
  private final CipherSuite suite = CipherSuites.get(1);
  private final GroupConfig config = GroupConfig.builder().handshakeFormat(WireFormat.PRIVATE_MESSAGE)
      .proposalPolicy(ProposalPolicy.ACCEPT_ALL).allowExternalCommits(true).build();
  private final SignatureKeyPair server = suite.generateSignatureKeyPair();
  private final Map<LeafIndex, Group> members = new HashMap<>();
  private final Deque<Group> removed = new ArrayDeque<>();
  private final Deque<MlsMessage> history = new ArrayDeque<>();
  private int names;
  private int epochChanges;
  private int applicationMessages;
  private int refusedToRemoved;
  private int refusedToJoiners;

  @Test
  void randomMeetingStaysConsistentAndKeepsEpochsApart() {
    ExternalSenders senders = new ExternalSenders(List.of(new ExternalSender(server.publicKey(),
        TestClients.credential("relay"))));
    Group creator = Group.create(suite, "simulation".getBytes(StandardCharsets.UTF_8),
        TestClients.credential("member 0"), suite.generateSignatureKeyPair(), List.of(senders.toExtension()), config);
    members.put(creator.ownLeafIndex(), creator);

    for (int op = 0; op < OPERATIONS; op++) {
      String step = "operation " + op + " (seed " + SEED + ")";
      int choice = random.nextInt(100);
      try {
        if (members.size() < 3 || (choice < 22 && members.size() < MAX_MEMBERS)) {
          add();
        } else if (choice < 34) {
          removeByMember();
        } else if (choice < 44) {
          updateByProposal();
        } else if (choice < 52) {
          updateByEmptyCommit();
        } else if (choice < 60 && members.size() < MAX_MEMBERS) {
          joinExternally();
        } else if (choice < 68) {
          removeByExternalSender();
        } else {
          sendApplicationMessage();
        }
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError(step + " failed: " + e, e);
      }
    }
    System.out.printf("simulation: %d epoch changes, %d application messages, %d members at the end, "
        + "%d refusals by removed members, %d by joiners%n", epochChanges, applicationMessages, members.size(),
        refusedToRemoved, refusedToJoiners);
    assertThat(epochChanges).isGreaterThan(200);
    assertThat(applicationMessages).isGreaterThan(100);
    assertThat(refusedToRemoved).isGreaterThan(50);
    assertThat(refusedToJoiners).isGreaterThan(50);
  }

  private Group anyMember() {
    List<Group> all = new ArrayList<>(members.values());
    return all.get(random.nextInt(all.size()));
  }

  private Group anyMemberExcept(Group excluded) {
    List<Group> all = new ArrayList<>(members.values());
    all.remove(excluded);
    return all.get(random.nextInt(all.size()));
  }

  private void add() {
    Group committer = anyMember();
    int count = 1 + random.nextInt(3);
    List<KeyPackageBundle> joiners = new ArrayList<>();
    CommitOptions.Builder options = CommitOptions.builder().forcePath(random.nextBoolean());
    for (int i = 0; i < count && members.size() + joiners.size() < MAX_MEMBERS; i++) {
      KeyPackageBundle bundle = TestClients.keyPackage(suite, "member " + ++names, config);
      joiners.add(bundle);
      options.add(bundle.keyPackage());
    }
    CommitOutput out = committer.commit(options.build());
    distribute(committer, out.commit());
    for (KeyPackageBundle bundle : joiners) {
      welcomeNewMember(Group.joinFromWelcome(out.welcome().orElseThrow(), bundle, Optional.empty(), config));
    }
    checkAgreement();
  }

  private void removeByMember() {
    Group committer = anyMember();
    Group leaving = anyMemberExcept(committer);
    CommitOutput out = committer.commit(CommitOptions.builder().remove(leaving.ownLeafIndex()).build());
    retire(leaving);
    distribute(committer, out.commit());
    checkAgreement();
  }

  private void updateByProposal() {
    Group proposer = anyMember();
    MlsMessage proposal = proposer.proposeUpdate();
    for (Group member : members.values()) {
      if (member != proposer) {
        member.process(proposal);
      }
    }
    Group committer = anyMemberExcept(proposer);
    CommitOutput out = committer.commit(CommitOptions.builder().forcePath(random.nextBoolean()).build());
    distribute(committer, out.commit());
    checkAgreement();
  }

  private void updateByEmptyCommit() {
    Group committer = anyMember();
    distribute(committer, committer.commit(CommitOptions.builder().forcePath(true).build()).commit());
    checkAgreement();
  }

  private void joinExternally() {
    Group source = anyMember();
    ExternalJoin join = Group.joinExternally(source.groupInfo(true), TestClients.credential("member " + ++names),
        suite.generateSignatureKeyPair(), config);
    for (Group member : members.values()) {
      member.process(join.commit());
    }
    epochChanges++;
    welcomeNewMember(join.group());
    checkAgreement();
  }

  private void removeByExternalSender() {
    Group any = anyMember();
    Group leaving = anyMember();
    MlsMessage proposal = ExternalProposals.remove(suite, any.groupId(), any.epoch(), 0,
        server.privateKey(), leaving.ownLeafIndex());
    for (Group member : members.values()) {
      assertThat(member.process(proposal)).isInstanceOf(ProcessResult.ProposalStored.class);
    }
    Group committer = anyMemberExcept(leaving);
    CommitOutput out = committer.commit();
    retire(leaving);
    distribute(committer, out.commit());
    checkAgreement();
  }

  private void sendApplicationMessage() {
    Group sender = anyMember();
    byte[] data = ("message " + applicationMessages++ + " from leaf " + sender.ownLeafIndex().value())
        .getBytes(StandardCharsets.UTF_8);
    MlsMessage message = sender.encryptApplication(data);
    for (Group member : members.values()) {
      if (member != sender) {
        ProcessResult result = member.process(message);
        assertThat(result).isInstanceOfSatisfying(ProcessResult.ApplicationMessage.class,
            m -> assertThat(m.data()).isEqualTo(data));
      }
    }
    for (Group old : removed) {
      assertThatThrownBy(() -> old.process(message)).isInstanceOf(MlsException.class);
      refusedToRemoved++;
    }
    history.addLast(message);
    if (history.size() > KEPT) {
      history.removeFirst();
    }
  }

  /** The committer merges; every other current member processes the commit. */
  private void distribute(Group committer, MlsMessage commit) {
    committer.mergePendingCommit();
    for (Group member : members.values()) {
      if (member != committer) {
        member.process(commit);
      }
    }
    epochChanges++;
  }

  private void welcomeNewMember(Group joined) {
    for (MlsMessage earlier : history) {
      assertThatThrownBy(() -> joined.process(earlier)).isInstanceOf(MlsException.class);
      refusedToJoiners++;
    }
    members.put(joined.ownLeafIndex(), joined);
  }

  private void retire(Group leaving) {
    members.remove(leaving.ownLeafIndex());
    removed.addLast(leaving);
    if (removed.size() > KEPT) {
      removed.removeFirst();
    }
  }

  private void checkAgreement() {
    Group reference = members.values().iterator().next();
    byte[] authenticator = reference.epochAuthenticator();
    byte[] exporter = reference.exportSecret("SFrame 1.0 Base Key", new byte[0], 16);
    for (Group member : members.values()) {
      assertThat(member.epoch()).isEqualTo(reference.epoch());
      assertThat(Arrays.equals(member.epochAuthenticator(), authenticator)).as("epoch authenticator").isTrue();
      assertThat(member.exportSecret("SFrame 1.0 Base Key", new byte[0], 16)).isEqualTo(exporter);
      assertThat(member.roster()).hasSize(members.size());
    }
  }
}
