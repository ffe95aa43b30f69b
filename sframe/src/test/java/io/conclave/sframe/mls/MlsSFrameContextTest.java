package io.conclave.sframe.mls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.sframe.AuthenticationFailedException;
import io.conclave.sframe.CounterExhaustedException;
import io.conclave.sframe.EpochExpiredException;
import io.conclave.sframe.ReplayedCounterException;
import io.conclave.sframe.SFrameSecret;
import io.conclave.sframe.SenderNotInRosterException;
import io.conclave.sframe.UnknownKeyIdException;
import io.conclave.sframe.header.SFrameHeader;
import io.conclave.sframe.suite.CipherSuite;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** MLS key management (RFC 9605 §5.2): epochs, roster, replay, grace period, rollover, counters. */
class MlsSFrameContextTest {
  private static final byte[] METADATA = {9, 8, 7};
  private static final byte[] PAYLOAD = "payload".getBytes();
  private static final int[] ROSTER = {0, 1, 2, 3};

  private final ManualClock clock = new ManualClock();

  private MlsSFrameConfig.Builder config() {
    return MlsSFrameConfig.builder().clock(clock).gracePeriod(Duration.ofSeconds(5));
  }

  private static SFrameSecret baseKey(long epoch) {
    byte[] key = new byte[CipherSuite.AES_128_GCM_SHA256_128.nk()];
    Arrays.fill(key, (byte) epoch);
    return SFrameSecret.wrap(key);
  }

  private static MlsSFrameContext member(MlsSFrameConfig config, int leaf, long... epochs) {
    MlsSFrameContext context = MlsSFrameContext.create(config, leaf);
    for (long epoch : epochs) {
      context.addEpoch(epoch, baseKey(epoch), 4, ROSTER);
    }
    return context;
  }

  private static byte[] send(MlsSFrameContext sender) {
    byte[] out = new byte[sender.maxFrameLength(PAYLOAD.length)];
    int n = sender.protect(METADATA, 0, METADATA.length, PAYLOAD, 0, PAYLOAD.length, out, 0);
    return Arrays.copyOf(out, n);
  }

  private static byte[] receive(MlsSFrameContext receiver, byte[] frame) {
    byte[] out = new byte[frame.length];
    int n = receiver.unprotect(METADATA, 0, METADATA.length, frame, 0, frame.length, out, 0);
    return Arrays.copyOf(out, n);
  }

  @Test
  void membersExchangeFramesAndLearnTheSender() {
    MlsSFrameConfig config = config().build();
    MlsSFrameContext alice = member(config, 1, 20);
    MlsSFrameContext bob = member(config, 3, 20);
    byte[] frame = send(alice);
    assertThat(SFrameHeader.decode(frame, 0, frame.length).keyId())
        .isEqualTo(MlsKeyId.compose(0, 1, 20, 2, 4));
    assertThat(receive(bob, frame)).isEqualTo(PAYLOAD);
    assertThat(bob.lastSenderIndex()).isEqualTo(1);
    assertThat(bob.lastEpoch()).isEqualTo(20);
  }

  @Test
  void replayedCounterIsRefused() {
    MlsSFrameConfig config = config().build();
    MlsSFrameContext alice = member(config, 0, 1);
    MlsSFrameContext bob = member(config, 1, 1);
    byte[] first = send(alice);
    byte[] second = send(alice);
    receive(bob, second);
    receive(bob, first);
    assertThatThrownBy(() -> receive(bob, first)).isInstanceOf(ReplayedCounterException.class);
    assertThatThrownBy(() -> receive(bob, second)).isInstanceOf(ReplayedCounterException.class);
  }

  @Test
  void forgedFramesDoNotMoveTheReplayWindow() {
    MlsSFrameConfig config = config().build();
    MlsSFrameContext alice = member(config, 0, 1);
    MlsSFrameContext bob = member(config, 1, 1);
    byte[] genuine = send(alice);
    for (int i = 0; i < 300; i++) {
      send(alice);
    }
    byte[] late = send(alice);
    late[late.length - 1] ^= 1;
    assertThatThrownBy(() -> receive(bob, late)).isInstanceOf(AuthenticationFailedException.class);
    assertThat(receive(bob, genuine)).isEqualTo(PAYLOAD);
  }

  @Test
  void unknownKeyIdIsRefused() {
    MlsSFrameConfig config = config().build();
    MlsSFrameContext alice = member(config, 0, 1, 2);
    MlsSFrameContext bob = member(config, 1, 1);
    assertThatThrownBy(() -> receive(bob, send(alice))).isInstanceOf(UnknownKeyIdException.class);

    MlsSFrameConfig twoContexts = config().contextsPerSender(2).build();
    MlsSFrameContext carol = member(twoContexts, 2, 1);
    byte[] out = new byte[carol.maxFrameLength(PAYLOAD.length)];
    int n = carol.protect(1, METADATA, 0, METADATA.length, PAYLOAD, 0, PAYLOAD.length, out, 0);
    byte[] context1 = Arrays.copyOf(out, n);
    assertThatThrownBy(() -> receive(bob, context1)).isInstanceOf(UnknownKeyIdException.class);
    assertThat(receive(member(twoContexts, 1, 1), context1)).isEqualTo(PAYLOAD);
  }

  @Test
  void ownKeyIdIsSendOnly() {
    MlsSFrameContext alice = member(config().build(), 0, 1);
    byte[] frame = send(alice);
    assertThatThrownBy(() -> receive(alice, frame)).isInstanceOf(UnknownKeyIdException.class);
  }

  @Test
  void senderOutsideTheRosterIsRefused() {
    MlsSFrameConfig config = config().build();
    MlsSFrameContext mallory = member(config, 3, 1);
    MlsSFrameContext bob = MlsSFrameContext.create(config, 1);
    bob.addEpoch(1, baseKey(1), 4, new int[] {0, 1, 2});
    assertThatThrownBy(() -> receive(bob, send(mallory)))
        .isInstanceOf(SenderNotInRosterException.class);
  }

  @Test
  void previousEpochDecryptsDuringTheGracePeriodOnly() {
    MlsSFrameConfig config = config().build();
    MlsSFrameContext alice = member(config, 0, 1);
    byte[] old1 = send(alice);
    byte[] old2 = send(alice);
    byte[] old3 = send(alice);
    MlsSFrameContext bob = member(config, 1, 1, 2);
    assertThat(receive(bob, old1)).isEqualTo(PAYLOAD);
    clock.advance(Duration.ofSeconds(5));
    assertThat(receive(bob, old2)).isEqualTo(PAYLOAD);
    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(() -> receive(bob, old3)).isInstanceOf(EpochExpiredException.class);

    alice.addEpoch(2, baseKey(2), 4, ROSTER);
    assertThat(receive(bob, send(alice))).isEqualTo(PAYLOAD);
  }

  @Test
  void purgeExpiredDestroysWithoutTraffic() {
    MlsSFrameConfig config = config().build();
    MlsSFrameContext alice = member(config, 0, 1);
    byte[] old = send(alice);
    MlsSFrameContext bob = member(config, 1, 1, 2);
    clock.advance(Duration.ofSeconds(6));
    bob.purgeExpired();
    assertThatThrownBy(() -> receive(bob, old)).isInstanceOf(EpochExpiredException.class);
  }

  @Test
  void epochWithTheSameLowBitsRollsTheOldOneOverAtOnce() {
    MlsSFrameConfig config = config().epochBits(2).build();
    MlsSFrameContext alice = member(config, 0, 1, 2);
    byte[] fromEpoch2 = send(alice);
    MlsSFrameContext aliceOld = member(config, 0, 1);
    byte[] fromEpoch1 = send(aliceOld);

    MlsSFrameContext bob = member(config, 1, 1, 2);
    assertThat(receive(bob, fromEpoch1)).isEqualTo(PAYLOAD);
    // Epoch 5 has the low bits of epoch 1: epoch 1 is removed now, inside its grace period, and
    // its KIDs name epoch 5 from here on, so its frames no longer authenticate. Epoch 2 is kept.
    bob.addEpoch(5, baseKey(5), 4, ROSTER);
    byte[] fromEpoch1Again = send(aliceOld);
    assertThatThrownBy(() -> receive(bob, fromEpoch1Again))
        .isInstanceOf(AuthenticationFailedException.class);
    assertThat(receive(bob, fromEpoch2)).isEqualTo(PAYLOAD);
    alice.addEpoch(5, baseKey(5), 4, ROSTER);
    assertThat(receive(bob, send(alice))).isEqualTo(PAYLOAD);
    assertThat(bob.lastEpoch()).isEqualTo(5);
  }

  @Test
  void zeroGracePeriodDropsThePreviousEpochAtOnce() {
    MlsSFrameConfig config = config().gracePeriod(Duration.ZERO).build();
    byte[] old = send(member(config, 0, 1));
    MlsSFrameContext bob = member(config, 1, 1, 2);
    assertThatThrownBy(() -> receive(bob, old)).isInstanceOf(EpochExpiredException.class);
  }

  @Test
  void countersNeverRepeatAndStopAtTheLimit() {
    MlsSFrameContext alice = member(config().counterLimit(3).build(), 0, 1);
    for (long expected = 0; expected <= 3; expected++) {
      byte[] frame = send(alice);
      assertThat(SFrameHeader.decode(frame, 0, frame.length).counter()).isEqualTo(expected);
    }
    assertThatThrownBy(() -> send(alice)).isInstanceOf(CounterExhaustedException.class);
    assertThatThrownBy(() -> send(alice)).isInstanceOf(CounterExhaustedException.class);
    // A new epoch has a new key, so its counters may start again.
    alice.addEpoch(2, baseKey(2), 4, ROSTER);
    byte[] frame = send(alice);
    assertThat(SFrameHeader.decode(frame, 0, frame.length).counter()).isZero();
  }

  @Test
  void counterLimitAtTheUnsignedMaximumIsReached() {
    MlsSFrameContext alice = member(config().counterLimit(0).build(), 0, 1);
    send(alice);
    assertThatThrownBy(() -> send(alice)).isInstanceOf(CounterExhaustedException.class);
  }

  @Test
  void epochsAndKeysAreValidated() {
    MlsSFrameContext alice = member(config().build(), 0, 5);
    assertThatThrownBy(() -> alice.addEpoch(5, baseKey(5), 4, ROSTER))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> alice.addEpoch(6, SFrameSecret.wrap(new byte[32]), 4, ROSTER))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> alice.addEpoch(6, baseKey(6), 4, new int[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> alice.addEpoch(6, baseKey(6), 4, new int[] {0, 4}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MlsSFrameContext.create(config().build(), 0).protect(
        METADATA, 0, 0, PAYLOAD, 0, 0, new byte[64], 0)).isInstanceOf(IllegalStateException.class);
    assertThatCode(() -> alice.addEpoch(6, baseKey(6), 4, ROSTER)).doesNotThrowAnyException();
  }

  @Test
  void destroyWipesEveryEpoch() {
    MlsSFrameContext alice = member(config().build(), 0, 1, 2);
    byte[] frame = send(alice);
    MlsSFrameContext bob = member(config().build(), 1, 1, 2);
    bob.destroy();
    assertThat(bob.isDestroyed()).isTrue();
    assertThatThrownBy(() -> receive(bob, frame)).isInstanceOf(EpochExpiredException.class);
    assertThatThrownBy(() -> send(bob)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> bob.addEpoch(3, baseKey(3), 4, ROSTER))
        .isInstanceOf(IllegalStateException.class);
  }
}
