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
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link SenderRatchet#reserve}: nothing changes until a reservation is consumed (RFC 9420 §9.2). */
class SenderRatchetReservationTest {
  private static final CipherSuite SUITE = CipherSuites.get(1);
  private static final LeafIndex SENDER = new LeafIndex(1);

  private static SenderRatchet ratchet(SenderRatchetConfig config) {
    byte[] root = new byte[SUITE.hashLength()];
    Arrays.fill(root, (byte) 9);
    return new SecretTree(SUITE, SecretBytes.wrap(root), 2, config).ratchet(SENDER, RatchetType.APPLICATION);
  }

  private static byte[][] sent(int count) {
    SenderRatchet sending = ratchet(SenderRatchetConfig.DEFAULT);
    byte[][] keys = new byte[count][];
    for (int g = 0; g < count; g++) {
      keys[g] = sending.nextKey().key().copy();
    }
    return keys;
  }

  @Test
  void aClosedReservationLeavesTheRatchetAsItWas() {
    byte[][] sent = sent(40);
    SenderRatchet receiving = ratchet(SenderRatchetConfig.DEFAULT);
    try (SenderRatchet.Reservation far = receiving.reserve(1000)) {
      assertThat(far.generation()).isEqualTo(1000);
    }
    assertThat(receiving.nextGeneration()).isZero();
    for (int g = 0; g < 40; g++) {
      try (SenderRatchet.Reservation r = receiving.reserve(g)) {
        assertThat(r.key().key().copy()).as("generation %d", g).isEqualTo(sent[g]);
        r.consume();
      }
    }
    assertThat(receiving.nextGeneration()).isEqualTo(40);
  }

  @Test
  void consumingMatchesKeyForAndKeepsTheWindow() {
    byte[][] sent = sent(10);
    SenderRatchet receiving = ratchet(new SenderRatchetConfig(3, 100));
    try (SenderRatchet.Reservation r = receiving.reserve(8)) {
      assertThat(r.key().key().copy()).isEqualTo(sent[8]);
      r.consume();
    }
    // Kept: 5, 6, 7 (window of 3); 0..4 are gone as they would be with keyFor.
    assertRule(() -> receiving.reserve(4), Rule.KEY_CONSUMED);
    try (SenderRatchet.Reservation kept = receiving.reserve(6)) {
      assertThat(kept.key().key().copy()).isEqualTo(sent[6]);
      kept.consume();
    }
    assertThatThrownBy(() -> receiving.reserve(6)).isInstanceOf(ProtocolException.class);
    assertThat(receiving.keyFor(9).key().copy()).isEqualTo(sent[9]);
  }

  @Test
  void twoReservationsOfOneGenerationConsumeOnce() {
    SenderRatchet receiving = ratchet(SenderRatchetConfig.DEFAULT);
    SenderRatchet.Reservation first = receiving.reserve(3);
    SenderRatchet.Reservation replay = receiving.reserve(3);
    first.consume();
    first.close();
    assertRule(replay::consume, Rule.KEY_CONSUMED);
    replay.close();
    // A reservation made before the ratchet moved, for a later generation, still applies.
    SenderRatchet.Reservation later = receiving.reserve(6);
    receiving.reserve(4).consume();
    later.consume();
    later.close();
    assertThat(receiving.nextGeneration()).isEqualTo(7);
    receiving.reserve(5).consume();
    receiving.reserve(0).consume();
  }
}
