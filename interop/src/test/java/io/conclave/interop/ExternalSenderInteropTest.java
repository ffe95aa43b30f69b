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
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.ExternalProposals;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.ProcessResult;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.treemath.LeafIndex;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * (c) Removes proposed by the relay as an external sender (RFC 9420 §12.1.8.1), signed by the Java
 * library's {@link ExternalProposals}: one committed by ts-mls and processed by Java, one
 * committed by Java and processed by the removed ts-mls member.
 *
 * <p>The group lists two external senders and the relay is the second, so {@code sender_index} 1
 * must resolve inside the extension's vector. ts-mls 1.6.4 reads the extension as a single
 * {@code ExternalSender}; unpatched it cannot even join this group ({@code CodecError: Could not
 * decode external_senders}, seen in the driver smoke test). See ts-mls-driver/README.md.
 */
class ExternalSenderInteropTest {
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
  void relayRemovesCommittedByTsMlsAndByJava() {
    SignatureKeyPair other = SUITE.generateSignatureKeyPair();
    SignatureKeyPair relay = SUITE.generateSignatureKeyPair();
    ExternalSenders senders = new ExternalSenders(List.of(
        new ExternalSender(other.publicKey(), new Credential.Basic(utf8("other-service"))),
        new ExternalSender(relay.publicKey(), new Credential.Basic(utf8("relay")))));
    byte[] groupId = utf8("scenario-c");
    Group alice = Group.create(SUITE, groupId, new Credential.Basic(utf8("alice")), SUITE.generateSignatureKeyPair(),
        List.of(senders.toExtension()), config());

    KeyPackageBundle carolKeys = bundle("carol");
    KeyPackageBundle daveKeys = bundle("dave");
    CommitOutput added = alice.commit(CommitOptions.builder()
        .add(keyPackage(tsMls.keyPackage("c-bob", utf8("bob"))))
        .add(carolKeys.keyPackage())
        .add(daveKeys.keyPackage())
        .build());
    alice.mergePendingCommit();
    tsMls.joinWelcome("c-bob", added.welcome().orElseThrow().toBytes(), Optional.empty());
    Group carol = Group.joinFromWelcome(added.welcome().orElseThrow(), carolKeys, Optional.empty(), config());
    Group dave = Group.joinFromWelcome(added.welcome().orElseThrow(), daveKeys, Optional.empty(), config());
    assertAgree(tsMls, List.of("c-bob"), List.of(alice, carol, dave));

    // The relay proposes removing carol; ts-mls commits it (by reference), Java follows.
    MlsMessage removeCarol = ExternalProposals.remove(SUITE, groupId, alice.epoch(), 1, relay.privateKey(),
        carol.ownLeafIndex());
    assertThat(tsMls.process("c-bob", removeCarol.toBytes()).kind()).isEqualTo("proposal");
    for (Group g : List.of(alice, carol, dave)) {
      assertThat(g.process(removeCarol)).isInstanceOf(ProcessResult.ProposalStored.class);
    }
    assertAgree(tsMls, List.of("c-bob"), List.of(alice, carol, dave));
    TsMlsPeer.Committed byBob = tsMls.commit("c-bob", List.of(), List.of(), false);
    for (Group g : List.of(alice, dave)) {
      ProcessResult r = g.process(message(byBob.commit()));
      assertThat(((ProcessResult.CommitApplied) r).removed()).containsExactly(carol.ownLeafIndex());
    }
    assertThat(((ProcessResult.CommitApplied) carol.process(message(byBob.commit()))).selfRemoved()).isTrue();
    assertAgree(tsMls, List.of("c-bob"), List.of(alice, dave));

    // The relay proposes removing the ts-mls member; alice (Java) commits it.
    LeafIndex bobLeaf = new LeafIndex(tsMls.state("c-bob").ownLeaf());
    MlsMessage removeBob = ExternalProposals.remove(SUITE, groupId, alice.epoch(), 1, relay.privateKey(), bobLeaf);
    assertThat(tsMls.process("c-bob", removeBob.toBytes()).kind()).isEqualTo("proposal");
    for (Group g : List.of(alice, dave)) {
      assertThat(g.process(removeBob)).isInstanceOf(ProcessResult.ProposalStored.class);
    }
    CommitOutput byAlice = alice.commit();
    alice.mergePendingCommit();
    assertThat(dave.process(byAlice.commit())).isInstanceOf(ProcessResult.CommitApplied.class);
    TsMlsPeer.Processed atBob = tsMls.process("c-bob", byAlice.commit().toBytes());
    assertThat(atBob.kind()).isEqualTo("commit");
    assertThat(atBob.removed()).isTrue();
    assertAgree(tsMls, List.of(), List.of(alice, dave));
  }
}
