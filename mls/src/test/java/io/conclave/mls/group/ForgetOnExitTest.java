package io.conclave.mls.group;

import static io.conclave.mls.testing.RuleAssertions.assertRule;
import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.Rule;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.treemath.LeafIndex;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 9: what a member forgets when it leaves a group or fails to join one. A removed
 * member drops the resumption PSKs it kept; a failed Welcome destroys the KeyPackage's init key
 * (§16.8: a KeyPackage is used once) and not the leaf key, which the caller's bundle owns.
 */
class ForgetOnExitTest {
  private final CipherSuite suite = CipherSuites.get(1);
  private final GroupConfig config = GroupConfig.DEFAULT;

  private static GroupCore core(Group group) {
    try {
      Field core = Group.class.getDeclaredField("core");
      core.setAccessible(true);
      return (GroupCore) core.get(group);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void removedMemberForgetsItsResumptionPsks() {
    Group alice = TestClients.create(suite, "alice", config);
    Group bob = TestClients.addNew(alice, "bob", config);
    CommitOutput update = alice.commit(CommitOptions.builder().forcePath(true).build());
    alice.mergePendingCommit();
    bob.process(update.commit());
    List<SecretBytes> kept = List.copyOf(core(bob).psks().kept().values());
    assertThat(kept).hasSize(2);

    CommitOutput remove = alice.commit(CommitOptions.builder().remove(new LeafIndex(1)).build());
    alice.mergePendingCommit();
    assertThat(((ProcessResult.CommitApplied) bob.process(remove.commit())).selfRemoved()).isTrue();
    assertThat(core(bob).psks().kept()).isEmpty();
    assertThat(kept).allMatch(SecretBytes::isDestroyed);
    // The member that stays keeps them.
    assertThat(core(alice).psks().kept()).isNotEmpty();
  }

  @Test
  void failedWelcomeDestroysTheInitKeyNotTheLeafKey() {
    GroupConfig noTree = GroupConfig.builder().ratchetTreeExtension(false).build();
    Group alice = TestClients.create(suite, "alice", noTree);
    KeyPackageBundle dave = TestClients.keyPackage(suite, "dave", config);
    CommitOutput out = alice.commit(CommitOptions.builder().add(dave.keyPackage()).build());
    alice.mergePendingCommit();
    // The Welcome has an entry for dave's KeyPackage, but no tree comes with it.
    assertRule(() -> Group.joinFromWelcome(out.welcome().orElseThrow(), dave, Optional.empty(), config),
        Rule.RATCHET_TREE_MISSING);
    assertThat(dave.initKeyPair().privateKey().isDestroyed()).isTrue();
    assertThat(dave.encryptionKeyPair().privateKey().isDestroyed()).isFalse();
    assertThat(dave.signatureKeyPair().privateKey().isDestroyed()).isFalse();
  }

  @Test
  void welcomeForAnotherKeyPackageLeavesTheBundleAlone() {
    Group alice = TestClients.create(suite, "alice", config);
    KeyPackageBundle dave = TestClients.keyPackage(suite, "dave", config);
    KeyPackageBundle erin = TestClients.keyPackage(suite, "erin", config);
    CommitOutput out = alice.commit(CommitOptions.builder().add(dave.keyPackage()).build());
    alice.mergePendingCommit();
    assertRule(() -> Group.joinFromWelcome(out.welcome().orElseThrow(), erin, Optional.empty(), config),
        Rule.WELCOME_NO_ENTRY);
    assertThat(erin.initKeyPair().privateKey().isDestroyed()).isFalse();
    // A successful join leaves the init key to the caller (KeyPackageBundle#destroyInitKey).
    Group.joinFromWelcome(out.welcome().orElseThrow(), dave, Optional.empty(), config);
    assertThat(dave.encryptionKeyPair().privateKey().isDestroyed()).isFalse();
  }
}
