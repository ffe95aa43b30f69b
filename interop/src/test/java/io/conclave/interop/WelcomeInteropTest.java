package io.conclave.interop;

import static io.conclave.interop.Interop.SUITE;
import static io.conclave.interop.Interop.assertAgree;
import static io.conclave.interop.Interop.bundle;
import static io.conclave.interop.Interop.config;
import static io.conclave.interop.Interop.keyPackage;
import static io.conclave.interop.Interop.keyPackageMessage;
import static io.conclave.interop.Interop.message;
import static io.conclave.interop.Interop.tree;
import static io.conclave.interop.Interop.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.credential.Credential;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.group.ProcessResult;
import io.conclave.mls.keypackage.KeyPackageBundle;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Joining by Welcome across implementations (RFC 9420 §12.4.3.1) and application data both ways
 * (§6.3): scenarios (a), (b) and (e). After every step both sides agree ({@link Interop#assertAgree}).
 */
class WelcomeInteropTest {
  private static TsMlsPeer tsMls;

  @BeforeAll
  static void startDriver() {
    tsMls = TsMlsPeer.start();
  }

  @AfterAll
  static void stopDriver() {
    tsMls.close();
  }

  /** (a) A Java group adds ts-mls members: tree in the GroupInfo, then tree out of band. */
  @Test
  void tsMlsJoinsJavaGroupByWelcome() {
    Group alice = Group.create(SUITE, utf8("scenario-a"), new Credential.Basic(utf8("alice")),
        SUITE.generateSignatureKeyPair(), config());
    byte[] bob = tsMls.keyPackage("a-bob", utf8("bob"));

    CommitOutput added = alice.commit(CommitOptions.builder().add(keyPackage(bob)).build());
    alice.mergePendingCommit();
    tsMls.joinWelcome("a-bob", added.welcome().orElseThrow().toBytes(), Optional.empty());
    assertAgree(tsMls, List.of("a-bob"), List.of(alice));

    byte[] carol = tsMls.keyPackage("a-carol", utf8("carol"));
    CommitOutput second = alice.commit(CommitOptions.builder().add(keyPackage(carol)).build());
    alice.mergePendingCommit();
    assertThat(tsMls.process("a-bob", second.commit().toBytes()).kind()).isEqualTo("commit");
    tsMls.joinWelcome("a-carol", second.welcome().orElseThrow().toBytes(), Optional.of(alice.ratchetTree().toBytes()));
    assertAgree(tsMls, List.of("a-bob", "a-carol"), List.of(alice));
  }

  /** (b) A ts-mls member commits the Add of Java members; they join from ts-mls's Welcome. */
  @Test
  void tsMlsCommitsAddOfJavaMembers() {
    Group alice = Group.create(SUITE, utf8("scenario-b"), new Credential.Basic(utf8("alice")),
        SUITE.generateSignatureKeyPair(), config());
    CommitOutput added = alice.commit(CommitOptions.builder().add(keyPackage(tsMls.keyPackage("b-bob", utf8("bob")))).build());
    alice.mergePendingCommit();
    tsMls.joinWelcome("b-bob", added.welcome().orElseThrow().toBytes(), Optional.empty());
    assertAgree(tsMls, List.of("b-bob"), List.of(alice));

    // ts-mls sends this commit as a PrivateMessage.
    KeyPackageBundle carolKeys = bundle("carol");
    TsMlsPeer.Committed byBob = tsMls.commit("b-bob", List.of(keyPackageMessage(carolKeys)), List.of(), false);
    assertThat(alice.process(message(byBob.commit()))).isInstanceOf(ProcessResult.CommitApplied.class);
    Group carol = Group.joinFromWelcome(message(byBob.welcome().orElseThrow()), carolKeys,
        Optional.of(tree(byBob.ratchetTree())), config());
    assertAgree(tsMls, List.of("b-bob"), List.of(alice, carol));

    // And this one as a PublicMessage.
    KeyPackageBundle daveKeys = bundle("dave");
    TsMlsPeer.Committed again = tsMls.commit("b-bob", List.of(keyPackageMessage(daveKeys)), List.of(), true);
    for (Group g : List.of(alice, carol)) {
      assertThat(g.process(message(again.commit()))).isInstanceOf(ProcessResult.CommitApplied.class);
    }
    Group dave = Group.joinFromWelcome(message(again.welcome().orElseThrow()), daveKeys,
        Optional.of(tree(again.ratchetTree())), config());
    assertAgree(tsMls, List.of("b-bob"), List.of(alice, carol, dave));
  }

  /** (e) Application messages Java → ts-mls and ts-mls → Java, several per sender and epoch. */
  @Test
  void applicationMessagesFlowBothWays() {
    GroupConfig privateHandshakes = GroupConfig.builder().handshakeFormat(WireFormat.PRIVATE_MESSAGE).build();
    Group alice = Group.create(SUITE, utf8("scenario-e"), new Credential.Basic(utf8("alice")),
        SUITE.generateSignatureKeyPair(), privateHandshakes);
    KeyPackageBundle carolKeys = bundle("carol");
    CommitOutput added = alice.commit(CommitOptions.builder()
        .add(keyPackage(tsMls.keyPackage("e-bob", utf8("bob"))))
        .add(carolKeys.keyPackage())
        .build());
    alice.mergePendingCommit();
    tsMls.joinWelcome("e-bob", added.welcome().orElseThrow().toBytes(), Optional.empty());
    Group carol = Group.joinFromWelcome(added.welcome().orElseThrow(), carolKeys, Optional.empty(), privateHandshakes);
    assertAgree(tsMls, List.of("e-bob"), List.of(alice, carol));

    for (int i = 0; i < 3; i++) {
      byte[] fromAlice = utf8("alice says " + i);
      TsMlsPeer.Processed atBob = tsMls.process("e-bob", alice.encryptApplication(fromAlice).toBytes());
      assertThat(atBob.kind()).isEqualTo("application");
      assertThat(atBob.data()).isEqualTo(fromAlice);

      byte[] fromBob = utf8("bob says " + i);
      byte[] sealed = tsMls.application("e-bob", fromBob);
      for (Group g : List.of(alice, carol)) {
        ProcessResult r = g.process(message(sealed));
        assertThat(r).isInstanceOf(ProcessResult.ApplicationMessage.class);
        assertThat(((ProcessResult.ApplicationMessage) r).data()).isEqualTo(fromBob);
      }
      assertAgree(tsMls, List.of("e-bob"), List.of(alice, carol));
    }

    // A new epoch (Java commit as PrivateMessage), then data both ways again.
    CommitOutput update = alice.commit();
    alice.mergePendingCommit();
    assertThat(tsMls.process("e-bob", update.commit().toBytes()).kind()).isEqualTo("commit");
    assertThat(carol.process(update.commit())).isInstanceOf(ProcessResult.CommitApplied.class);
    assertAgree(tsMls, List.of("e-bob"), List.of(alice, carol));
    byte[] late = utf8("after the update");
    assertThat(tsMls.process("e-bob", carol.encryptApplication(late).toBytes()).data()).isEqualTo(late);
    ProcessResult r = alice.process(message(tsMls.application("e-bob", late)));
    assertThat(((ProcessResult.ApplicationMessage) r).data()).isEqualTo(late);
  }
}
