package io.conclave.mls.secrettree;

import static io.conclave.mls.testing.RuleAssertions.assertRule;
import io.conclave.mls.Rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.ProtocolException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.mls.treemath.TreeMath;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Out-of-order delivery, limits, single use and the deletion schedule (RFC 9420 §9.2). */
class SecretTreeTest {
  private static final CipherSuite SUITE = CipherSuites.get(1);
  private static final LeafIndex SENDER = new LeafIndex(3);

  private static SecretTree tree(SenderRatchetConfig config) {
    byte[] root = new byte[SUITE.hashLength()];
    Arrays.fill(root, (byte) 7);
    return new SecretTree(SUITE, SecretBytes.wrap(root), 4, config);
  }

  /** The sender's keys, in order, as the sender itself derives them in another tree. */
  private static byte[][] sentKeys(int count) {
    SenderRatchet sending = tree(SenderRatchetConfig.DEFAULT).ratchet(SENDER, RatchetType.APPLICATION);
    byte[][] keys = new byte[count][];
    for (int g = 0; g < count; g++) {
      RatchetKey k = sending.nextKey();
      assertThat(k.generation()).isEqualTo(g);
      keys[g] = k.key().copy();
    }
    return keys;
  }

  @Test
  void receiverAcceptsGenerationsOutOfOrder() {
    byte[][] sent = sentKeys(6);
    SenderRatchet receiving = tree(SenderRatchetConfig.DEFAULT).ratchet(SENDER, RatchetType.APPLICATION);
    for (int g : new int[] {2, 0, 5, 1, 3, 4}) {
      assertThat(receiving.keyFor(g).key().copy()).as("generation %d", g).isEqualTo(sent[g]);
    }
    assertThat(receiving.nextGeneration()).isEqualTo(6);
  }

  @Test
  void handshakeAndApplicationRatchetsDiffer() {
    SecretTree tree = tree(SenderRatchetConfig.DEFAULT);
    byte[] hs = tree.ratchet(SENDER, RatchetType.HANDSHAKE).nextKey().key().copy();
    byte[] app = tree.ratchet(SENDER, RatchetType.APPLICATION).nextKey().key().copy();
    assertThat(hs).isNotEqualTo(app);
  }

  @Test
  void keyIsHandedOutOnlyOnce() {
    SenderRatchet receiving = tree(SenderRatchetConfig.DEFAULT).ratchet(SENDER, RatchetType.APPLICATION);
    receiving.keyFor(1);
    receiving.keyFor(0);
    assertRule(() -> receiving.keyFor(0), Rule.KEY_CONSUMED);
    assertRule(() -> receiving.keyFor(1), Rule.KEY_CONSUMED);
  }

  @Test
  void refusesToRatchetTooFarAhead() {
    SenderRatchet receiving = tree(new SenderRatchetConfig(4, 10)).ratchet(SENDER, RatchetType.APPLICATION);
    assertRule(() -> receiving.keyFor(11), Rule.GENERATION_TOO_FAR_AHEAD);
    assertThat(receiving.nextGeneration()).as("a refused generation does not move the ratchet").isZero();
    assertThat(receiving.keyFor(10).generation()).isEqualTo(10);
    assertThatThrownBy(() -> receiving.keyFor(22)).isInstanceOf(ProtocolException.class);
    assertRule(() -> receiving.keyFor(1L << 32), Rule.GENERATION_EXHAUSTED);
  }

  @Test
  void defaultLimitsAre32KeptKeysAnd1024Ahead() {
    SenderRatchet receiving = tree(SenderRatchetConfig.DEFAULT).ratchet(SENDER, RatchetType.APPLICATION);
    assertThatThrownBy(() -> receiving.keyFor(1025)).isInstanceOf(ProtocolException.class);
    receiving.keyFor(1024);
    assertThat(receiving.keyFor(1023 - 31).generation()).isEqualTo(992);
    assertRule(() -> receiving.keyFor(991), Rule.KEY_CONSUMED);
  }

  @Test
  void skippedKeysBeyondTheWindowAreDeleted() {
    byte[][] sent = sentKeys(8);
    SenderRatchet receiving = tree(new SenderRatchetConfig(3, 100)).ratchet(SENDER, RatchetType.APPLICATION);
    receiving.keyFor(7);
    assertRule(() -> receiving.keyFor(3), Rule.KEY_CONSUMED);
    for (int g = 4; g <= 6; g++) {
      assertThat(receiving.keyFor(g).key().copy()).isEqualTo(sent[g]);
    }
  }

  @Test
  void keyOfAFailedDecryptionCanBeRestored() {
    byte[][] sent = sentKeys(3);
    SenderRatchet receiving = tree(SenderRatchetConfig.DEFAULT).ratchet(SENDER, RatchetType.APPLICATION);
    RatchetKey forged = receiving.keyFor(2);
    receiving.restore(forged);
    assertThatThrownBy(() -> receiving.restore(forged)).isInstanceOf(IllegalStateException.class);
    assertThat(receiving.keyFor(2).key().copy()).isEqualTo(sent[2]);
    RatchetKey used = receiving.keyFor(1);
    used.destroy();
    assertThatThrownBy(() -> receiving.restore(used)).isInstanceOf(IllegalStateException.class);
    assertThat(receiving.keyFor(0).key().copy()).isEqualTo(sent[0]);
  }

  @Test
  void restoredKeyOlderThanTheWindowIsDropped() {
    SenderRatchet receiving = tree(new SenderRatchetConfig(2, 100)).ratchet(SENDER, RatchetType.APPLICATION);
    RatchetKey first = receiving.keyFor(0);
    receiving.keyFor(3);
    receiving.restore(first);
    assertThat(first.isDestroyed()).isTrue();
    assertThatThrownBy(() -> receiving.keyFor(0)).isInstanceOf(ProtocolException.class);
    assertThat(receiving.keyFor(1).generation()).isEqualTo(1);
  }

  @Test
  void nodeSecretsAreDeletedAlongTheDerivedPath() {
    SecretTree tree = tree(SenderRatchetConfig.DEFAULT);
    int root = TreeMath.root(4);
    assertThat(tree.holdsNodeSecret(root)).isTrue();
    tree.ratchet(SENDER, RatchetType.APPLICATION);
    // Leaf 3 is node 6, under 5 under the root 3: those are consumed, their siblings kept.
    assertThat(tree.holdsNodeSecret(3)).isFalse();
    assertThat(tree.holdsNodeSecret(5)).isFalse();
    assertThat(tree.holdsNodeSecret(6)).isFalse();
    assertThat(tree.holdsNodeSecret(1)).isTrue();
    assertThat(tree.holdsNodeSecret(4)).isTrue();
    tree.ratchet(new LeafIndex(2), RatchetType.HANDSHAKE);
    assertThat(tree.holdsNodeSecret(4)).isFalse();
    assertThat(tree.holdsNodeSecret(1)).isTrue();
  }

  @Test
  void unknownSenderIsRejected() {
    SecretTree tree = tree(SenderRatchetConfig.DEFAULT);
    assertRule(() -> tree.ratchet(new LeafIndex(4), RatchetType.APPLICATION), Rule.SENDER_OUTSIDE_TREE);
    assertThatThrownBy(() -> tree.ratchet(0xffff_ffffL, RatchetType.HANDSHAKE))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> tree.ratchet(-1L, RatchetType.HANDSHAKE)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void destroyWipesEverything() {
    SecretTree tree = tree(SenderRatchetConfig.DEFAULT);
    SenderRatchet ratchet = tree.ratchet(SENDER, RatchetType.APPLICATION);
    ratchet.keyFor(2);
    tree.destroy();
    assertThat(ratchet.isDestroyed()).isTrue();
    assertThat(tree.holdsNodeSecret(1)).isFalse();
    assertThatThrownBy(ratchet::nextKey).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ratchet.keyFor(0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> tree.ratchet(SENDER, RatchetType.HANDSHAKE)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void consumedKeyCanBeDestroyedByItsUser() {
    RatchetKey key = tree(SenderRatchetConfig.DEFAULT).ratchet(SENDER, RatchetType.HANDSHAKE).nextKey();
    key.destroy();
    assertThat(key.isDestroyed()).isTrue();
    assertThat(key.toString()).doesNotContain("key=").contains("destroyed");
    assertThatThrownBy(() -> key.key().copy()).isInstanceOf(IllegalStateException.class);
  }
}
