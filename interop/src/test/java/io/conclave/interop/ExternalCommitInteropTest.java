package io.conclave.interop;

import static io.conclave.interop.Interop.SUITE;
import static io.conclave.interop.Interop.assertAgree;
import static io.conclave.interop.Interop.bundle;
import static io.conclave.interop.Interop.message;
import static io.conclave.interop.Interop.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.credential.Credential;
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
 * (d) ts-mls joins a Java group by external commit (RFC 9420 §12.4.3.2), then talks to it.
 *
 * <p>Needs {@code web/patches/ts-mls+1.6.4.patch}: ts-mls 1.6.4 reads and writes the
 * {@code external_pub} extension as the bare HPKE key instead of {@code opaque<V>}; unpatched it
 * fails on Java's GroupInfo with {@code CryptoError: DeserializeError: Invalid public key for the
 * ciphersuite} (observed here).
 */
class ExternalCommitInteropTest {
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
  void tsMlsJoinsByExternalCommitWithTreeInGroupInfo() {
    joinExternally(GroupConfig.builder().allowExternalCommits(true).build(), "d1");
  }

  @Test
  void tsMlsJoinsByExternalCommitWithTreeOutOfBand() {
    joinExternally(GroupConfig.builder().ratchetTreeExtension(false).allowExternalCommits(true).build(), "d2");
  }

  private static void joinExternally(GroupConfig config, String prefix) {
    Group alice = Group.create(SUITE, utf8("scenario-" + prefix), new Credential.Basic(utf8("alice")),
        SUITE.generateSignatureKeyPair(), config);
    KeyPackageBundle carolKeys = bundle("carol");
    CommitOutput added = alice.commit(CommitOptions.builder().add(carolKeys.keyPackage()).build());
    alice.mergePendingCommit();
    Group carol = Group.joinFromWelcome(added.welcome().orElseThrow(), carolKeys,
        Optional.of(alice.ratchetTree()), config);
    List<Group> java = List.of(alice, carol);
    assertAgree(tsMls, List.of(), java);

    String dave = prefix + "-dave";
    Optional<byte[]> tree = config.ratchetTreeExtension() ? Optional.empty() : Optional.of(alice.ratchetTree().toBytes());
    byte[] commit = tsMls.joinExternal(dave, alice.groupInfo(true).toBytes(), tree, utf8("dave"));
    for (Group g : java) {
      assertThat(g.process(message(commit))).isInstanceOf(ProcessResult.CommitApplied.class);
      assertThat(g.roster()).hasSize(3);
    }
    assertAgree(tsMls, List.of(dave), java);

    byte[] hello = utf8("dave is here");
    ProcessResult atCarol = carol.process(message(tsMls.application(dave, hello)));
    assertThat(((ProcessResult.ApplicationMessage) atCarol).data()).isEqualTo(hello);
    assertThat(tsMls.process(dave, alice.encryptApplication(hello).toBytes()).data()).isEqualTo(hello);

    // The newcomer's first path commit (an update) is processed by the Java members.
    TsMlsPeer.Committed update = tsMls.commit(dave, List.of(), List.of(), false);
    for (Group g : java) {
      assertThat(g.process(message(update.commit()))).isInstanceOf(ProcessResult.CommitApplied.class);
    }
    assertAgree(tsMls, List.of(dave), java);
  }
}
