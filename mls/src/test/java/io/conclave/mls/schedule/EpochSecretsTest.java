package io.conclave.mls.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.messages.PreSharedKeyId;
import io.conclave.mls.secrettree.RatchetType;
import io.conclave.mls.secrettree.SecretTree;
import io.conclave.mls.secrettree.SenderRatchetConfig;
import io.conclave.mls.treemath.LeafIndex;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lifecycle of an epoch's secrets: destruction, handing the encryption secret to the tree, no leaks. */
class EpochSecretsTest {
  private static final CipherSuite SUITE = CipherSuites.get(1);

  private static SecretBytes filled(int value) {
    byte[] b = new byte[SUITE.hashLength()];
    Arrays.fill(b, (byte) value);
    return SecretBytes.wrap(b);
  }

  private static GroupContext context(long epoch) {
    return new GroupContext(1, SUITE.id(), new byte[] {1, 2, 3}, epoch, new byte[32], new byte[32], List.of());
  }

  private static EpochSecrets epoch() {
    return KeySchedule.nextEpoch(SUITE, filled(1), filled(2), PskSecret.none(SUITE), context(1));
  }

  @Test
  void destroyWipesEverySecret() {
    EpochSecrets secrets = epoch();
    SecretBytes membership = secrets.membershipKey();
    secrets.destroy();
    assertThat(secrets.isDestroyed()).isTrue();
    assertThat(membership.isDestroyed()).isTrue();
    assertThatThrownBy(() -> secrets.export("label", new byte[0], 16)).isInstanceOf(IllegalStateException.class);
    assertThat(secrets.toString()).contains("destroyed");
  }

  @Test
  void toStringShowsNoSecret() {
    EpochSecrets secrets = epoch();
    String text = secrets.toString();
    for (SecretBytes s : List.of(secrets.initSecret(), secrets.exporterSecret(), secrets.encryptionSecret())) {
      assertThat(text).doesNotContainIgnoringCase(HexFormat.of().formatHex(s.unsafeView()));
    }
    assertThat(text).isEqualTo("EpochSecrets[suite 1]");
  }

  @Test
  void secretTreeConsumesTheEncryptionSecret() {
    EpochSecrets secrets = epoch();
    SecretTree tree = secrets.createSecretTree(2, SenderRatchetConfig.DEFAULT);
    assertThat(secrets.encryptionSecret().isDestroyed()).isTrue();
    assertThat(tree.ratchet(new LeafIndex(1), RatchetType.APPLICATION).nextKey().key().length())
        .isEqualTo(SUITE.aeadKeyLength());
  }

  @Test
  void everyInputChangesTheEpoch() {
    byte[] base = epoch().epochAuthenticator().copy();
    assertThat(KeySchedule.nextEpoch(SUITE, filled(9), filled(2), PskSecret.none(SUITE), context(1))
        .epochAuthenticator().copy()).isNotEqualTo(base);
    assertThat(KeySchedule.nextEpoch(SUITE, filled(1), filled(9), PskSecret.none(SUITE), context(1))
        .epochAuthenticator().copy()).isNotEqualTo(base);
    assertThat(KeySchedule.nextEpoch(SUITE, filled(1), filled(2), filled(9), context(1))
        .epochAuthenticator().copy()).isNotEqualTo(base);
    assertThat(KeySchedule.nextEpoch(SUITE, filled(1), filled(2), PskSecret.none(SUITE), context(2))
        .epochAuthenticator().copy()).isNotEqualTo(base);
  }

  @Test
  void exporterSeparatesLabelsAndContexts() {
    EpochSecrets secrets = epoch();
    byte[] a = secrets.export("SFrame 1.0 Base Key", new byte[0], 16).copy();
    assertThat(a).hasSize(16);
    assertThat(secrets.export("SFrame 1.0 Base Key", new byte[] {1}, 16).copy()).isNotEqualTo(a);
    assertThat(secrets.export("other", new byte[0], 16).copy()).isNotEqualTo(a);
    assertThat(secrets.export("SFrame 1.0 Base Key", new byte[0], 16).copy()).isEqualTo(a);
    assertThatThrownBy(() -> secrets.export("é", new byte[0], 16)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> secrets.export("x", new byte[0], 70000)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pskOrderMatters() {
    PskSecret.Input a = new PskSecret.Input(new PreSharedKeyId.External(new byte[] {1}, new byte[32]), filled(3));
    PskSecret.Input b = new PskSecret.Input(new PreSharedKeyId.External(new byte[] {2}, new byte[32]), filled(4));
    byte[] ab = PskSecret.derive(SUITE, List.of(a, b)).copy();
    assertThat(PskSecret.derive(SUITE, List.of(b, a)).copy()).isNotEqualTo(ab);
    assertThat(PskSecret.derive(SUITE, List.of(a)).copy()).isNotEqualTo(ab);
    assertThat(PskSecret.derive(SUITE, List.of()).copy()).isEqualTo(new byte[SUITE.hashLength()]);
  }
}
