package io.conclave.mls.group;

import static io.conclave.mls.testing.RuleAssertions.assertRule;
import io.conclave.mls.Rule;
import static io.conclave.mls.group.TestClients.credential;
import static io.conclave.mls.group.TestClients.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.FramedContentAuthData;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.PublicMessage;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.messages.Commit;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.GroupInfoSignature;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.messages.UpdatePathNode;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each test feeds a {@link PublicGroup} one bad message and checks the rule it reports. */
class PublicGroupNegativeTest {
  private final CipherSuite suite = CipherSuites.get(1);
  private final GroupConfig config = GroupConfig.DEFAULT;
  private final SignatureKeyPair aliceKeys = suite.generateSignatureKeyPair();
  private Group alice;
  private Group bob;
  private Group carol;
  private PublicGroup pub;

  @BeforeEach
  void setUp() {
    alice = Group.create(suite, "negative public".getBytes(StandardCharsets.UTF_8), credential("alice"), aliceKeys,
        config);
    bob = TestClients.addNew(alice, "bob", config);
    carol = TestClients.addNew(alice, "carol", config, bob);
    pub = PublicGroup.fromGroupInfo(roundTrip(alice.groupInfo(false)), Optional.empty(), PublicGroupConfig.DEFAULT);
  }

  private static PublicMessage publicMessage(MlsMessage m) {
    return ((MlsMessage.Public) m.body()).message();
  }

  private static GroupInfo groupInfo(MlsMessage m) {
    return ((MlsMessage.GroupInfoBody) m.body()).groupInfo();
  }

  /** The commit with its content edited and signed again by {@code signer} under {@code context}. */
  private MlsMessage resign(MlsMessage commit, SignatureKeyPair signer, GroupContext context,
      UnaryOperator<FramedContent> edit) {
    PublicMessage original = publicMessage(commit);
    FramedContent content = edit.apply(original.content());
    FramedContentAuthData auth = ContentAuthentication.sign(suite, signer.privateKey(), WireFormat.PUBLIC_MESSAGE,
        content, context, original.auth().confirmationTag()).auth();
    Optional<byte[]> tag = content.sender() instanceof Sender.Member ? original.membershipTag() : Optional.empty();
    return new MlsMessage(new MlsMessage.Public(new PublicMessage(content, auth, tag)));
  }

  private static FramedContent withCommit(FramedContent c, Commit commit) {
    return new FramedContent(c.groupId(), c.epoch(), c.sender(), c.authenticatedData(), new Content.CommitContent(commit));
  }

  private static Commit commitOf(FramedContent c) {
    return ((Content.CommitContent) c.content()).commit();
  }

  @Test
  void forgedCommitSignature() {
    PublicMessage p = publicMessage(alice.commit().commit());
    byte[] signature = p.auth().signature();
    signature[3] ^= 1;
    MlsMessage forged = new MlsMessage(new MlsMessage.Public(new PublicMessage(p.content(),
        new FramedContentAuthData(signature, p.auth().confirmationTag()), p.membershipTag())));
    assertRule(() -> pub.verifyCommit(forged), Rule.PUBLIC_SIGNATURE);
  }

  @Test
  void nonMemberSigningAsAMember() {
    SignatureKeyPair mallory = suite.generateSignatureKeyPair();
    MlsMessage forged = resign(alice.commit().commit(), mallory, pub.groupContext(), c -> c);
    assertRule(() -> pub.verifyCommit(forged), Rule.PUBLIC_SIGNATURE);
  }

  @Test
  void commitFromBlankLeafOrOutsideTheTree() {
    CommitOutput out = alice.commit(CommitOptions.builder().remove(new LeafIndex(1)).build());
    pub.apply(pub.verifyCommit(out.commit()), out.groupInfo());
    alice.mergePendingCommit();
    MlsMessage fromBlank = resign(alice.commit().commit(), aliceKeys, pub.groupContext(),
        c -> new FramedContent(c.groupId(), c.epoch(), new Sender.Member(1), c.authenticatedData(), c.content()));
    assertRule(() -> pub.verifyCommit(fromBlank), Rule.SENDER_NOT_MEMBER);
    alice.discardPendingCommit();
    MlsMessage outside = resign(alice.commit().commit(), aliceKeys, pub.groupContext(),
        c -> new FramedContent(c.groupId(), c.epoch(), new Sender.Member(0xffffffffL), c.authenticatedData(),
            c.content()));
    assertRule(() -> pub.verifyCommit(outside), Rule.SENDER_NOT_MEMBER);
  }

  @Test
  void commitForWrongEpoch() {
    CommitOutput stale = bob.commit();
    bob.discardPendingCommit();
    CommitOutput out = alice.commit();
    pub.apply(pub.verifyCommit(out.commit()), out.groupInfo());
    assertRule(() -> pub.verifyCommit(stale.commit()), Rule.EPOCH);
  }

  @Test
  void privateMessageHandshakes() {
    GroupConfig privateConfig = GroupConfig.builder().handshakeFormat(WireFormat.PRIVATE_MESSAGE).build();
    Group g = TestClients.create(suite, "dora", privateConfig);
    PublicGroup view = PublicGroup.fromGroupInfo(g.groupInfo(false), Optional.empty(), PublicGroupConfig.DEFAULT);
    assertRule(() -> view.verifyCommit(g.commit().commit()), Rule.PUBLIC_PRIVATE_MESSAGE);
    g.discardPendingCommit();
    assertRule(() -> view.storeProposal(g.proposeUpdate()), Rule.PUBLIC_PRIVATE_MESSAGE);
  }

  @Test
  void byReferenceToAnUnknownProposal() {
    MlsMessage proposal = bob.proposeUpdate();
    alice.process(proposal); // the relay never saw it
    assertRule(() -> pub.verifyCommit(alice.commit().commit()), Rule.UNKNOWN_PROPOSAL);
  }

  @Test
  void proposalWhereACommitIsExpectedAndTheOtherWayRound() {
    MlsMessage proposal = bob.proposeUpdate();
    assertRule(() -> pub.verifyCommit(proposal), Rule.PUBLIC_CONTENT_TYPE);
    bob.proposeUpdate(); // nothing stored yet
    assertRule(() -> pub.storeProposal(carol.commit().commit()), Rule.PUBLIC_CONTENT_TYPE);
  }

  @Test
  void proposalFromUnlistedExternalSender() {
    MlsMessage proposal = ExternalProposals.remove(suite, pub.groupId(), pub.epoch(), 0,
        suite.generateSignatureKeyPair().privateKey(), new LeafIndex(1));
    assertRule(() -> pub.storeProposal(proposal), Rule.EXTERNAL_SENDER);
  }

  @Test
  void groupInfoOfTheWrongEpochContext() {
    MlsMessage oldInfo = alice.groupInfo(false);
    CommitOutput out = alice.commit();
    PublicCommit verified = pub.verifyCommit(out.commit());
    assertRule(() -> pub.apply(verified, oldInfo), Rule.PUBLIC_GROUP_INFO_CONTEXT);
    assertThat(pub.epoch()).isEqualTo(verified.epoch());
    pub.apply(verified, out.groupInfo());
    assertThat(pub.epoch()).isEqualTo(verified.epoch() + 1);
  }

  @Test
  void groupInfoSignedByAnotherMember() {
    CommitOutput out = alice.commit();
    PublicCommit verified = pub.verifyCommit(out.commit());
    bob.process(out.commit());
    assertRule(() -> pub.apply(verified, bob.groupInfo(false)), Rule.PUBLIC_GROUP_INFO_SIGNER);
  }

  @Test
  void groupInfoWithBadSignature() {
    CommitOutput out = alice.commit();
    PublicCommit verified = pub.verifyCommit(out.commit());
    GroupInfo info = groupInfo(out.groupInfo());
    byte[] signature = info.signature();
    signature[5] ^= 1;
    MlsMessage bad = new MlsMessage(new MlsMessage.GroupInfoBody(new GroupInfo(info.groupContext(),
        info.extensions(), info.confirmationTag(), info.signer(), signature)));
    assertRule(() -> pub.apply(verified, bad), Rule.PUBLIC_GROUP_INFO_SIGNATURE);
    assertRule(() -> PublicGroup.fromGroupInfo(bad, Optional.empty(), PublicGroupConfig.DEFAULT),
        Rule.PUBLIC_GROUP_INFO_SIGNATURE);
  }

  @Test
  void groupInfoWithAnotherTreeOrConfirmationTag() {
    CommitOutput out = alice.commit();
    PublicCommit verified = pub.verifyCommit(out.commit());
    GroupInfo info = groupInfo(out.groupInfo());
    List<Extension> oldTree = List.of(pub.ratchetTree().toExtension());
    MlsMessage wrongTree = new MlsMessage(new MlsMessage.GroupInfoBody(GroupInfoSignature.sign(suite,
        aliceKeys.privateKey(), new GroupInfo(info.groupContext(), oldTree, info.confirmationTag(), info.signer(),
            new byte[0]))));
    assertRule(() -> pub.apply(verified, wrongTree), Rule.PUBLIC_GROUP_INFO_TREE);
    byte[] tag = info.confirmationTag();
    tag[0] ^= 1;
    MlsMessage wrongTag = new MlsMessage(new MlsMessage.GroupInfoBody(GroupInfoSignature.sign(suite,
        aliceKeys.privateKey(), new GroupInfo(info.groupContext(), info.extensions(), tag, info.signer(),
            new byte[0]))));
    assertRule(() -> pub.apply(verified, wrongTag), Rule.PUBLIC_GROUP_INFO_TAG);
  }

  @Test
  void fromGroupInfoWithWrongOrMissingTree() {
    MlsMessage withoutTree = new MlsMessage(new MlsMessage.GroupInfoBody(GroupInfoSignature.sign(suite,
        aliceKeys.privateKey(), new GroupInfo(groupInfo(alice.groupInfo(false)).groupContext(), List.of(),
            groupInfo(alice.groupInfo(false)).confirmationTag(), 0, new byte[0]))));
    assertRule(() -> PublicGroup.fromGroupInfo(withoutTree, Optional.empty(), PublicGroupConfig.DEFAULT),
        Rule.RATCHET_TREE_MISSING);
    RatchetTree before = alice.ratchetTree();
    alice.commit();
    alice.mergePendingCommit();
    MlsMessage current = alice.groupInfo(false);
    GroupInfo info = groupInfo(current);
    MlsMessage stripped = new MlsMessage(new MlsMessage.GroupInfoBody(GroupInfoSignature.sign(suite,
        aliceKeys.privateKey(), new GroupInfo(info.groupContext(), List.of(), info.confirmationTag(), 0,
            new byte[0]))));
    assertRule(() -> PublicGroup.fromGroupInfo(stripped, Optional.of(before), PublicGroupConfig.DEFAULT),
        Rule.TREE_HASH);
    assertThat(PublicGroup.fromGroupInfo(stripped, Optional.of(alice.ratchetTree()), PublicGroupConfig.DEFAULT)
        .epoch()).isEqualTo(alice.epoch());
  }

  @Test
  void externalCommitWhenNotAllowed() {
    ExternalJoin dave = Group.joinExternally(alice.groupInfo(true), credential("dave"),
        suite.generateSignatureKeyPair(), config);
    assertRule(() -> pub.verifyCommit(dave.commit()), Rule.PUBLIC_EXTERNAL_COMMIT);
  }

  @Test
  void tamperedPathParentHash() {
    MlsMessage commit = alice.commit().commit();
    MlsMessage tampered = resign(commit, aliceKeys, pub.groupContext(), c -> {
      UpdatePath path = commitOf(c).path().orElseThrow();
      List<UpdatePathNode> nodes = new ArrayList<>(path.nodes());
      nodes.set(0, new UpdatePathNode(suite.generateHpkeKeyPair().publicKey(), nodes.get(0).encryptedPathSecret()));
      return withCommit(c, new Commit(commitOf(c).proposals(), Optional.of(new UpdatePath(path.leafNode(), nodes))));
    });
    assertRule(() -> pub.verifyCommit(tampered), Rule.PARENT_HASH);
  }

  @Test
  void pathWithAMissingCiphertext() {
    MlsMessage commit = alice.commit().commit();
    MlsMessage tampered = resign(commit, aliceKeys, pub.groupContext(), c -> {
      UpdatePath path = commitOf(c).path().orElseThrow();
      List<UpdatePathNode> nodes = new ArrayList<>(path.nodes());
      UpdatePathNode top = nodes.getLast();
      nodes.set(nodes.size() - 1, new UpdatePathNode(top.encryptionKey(),
          top.encryptedPathSecret().subList(1, top.encryptedPathSecret().size())));
      return withCommit(c, new Commit(commitOf(c).proposals(), Optional.of(new UpdatePath(path.leafNode(), nodes))));
    });
    assertRule(() -> pub.verifyCommit(tampered), Rule.UPDATE_PATH_SHAPE);
  }

  @Test
  void applyingAStaleOrForeignCommit() {
    CommitOutput a = alice.commit();
    alice.discardPendingCommit();
    CommitOutput b = bob.commit();
    PublicCommit first = pub.verifyCommit(a.commit());
    PublicCommit second = pub.verifyCommit(b.commit());
    PublicGroup other = PublicGroup.fromGroupInfo(alice.groupInfo(false), Optional.empty(), PublicGroupConfig.DEFAULT);
    assertRule(() -> other.apply(first, a.groupInfo()), Rule.PUBLIC_STALE_COMMIT);
    pub.apply(second, b.groupInfo());
    assertRule(() -> pub.apply(first, a.groupInfo()), Rule.PUBLIC_STALE_COMMIT);
  }
}
