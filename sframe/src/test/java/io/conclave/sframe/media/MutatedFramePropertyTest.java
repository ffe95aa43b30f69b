package io.conclave.sframe.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.conclave.sframe.SFrameException;
import io.conclave.sframe.suite.CipherSuite;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of a valid media frame (bit flips, byte overwrites, truncation, insertion,
 * deletion, trailing garbage) never decrypt, and fail only with an {@link SFrameException}.
 */
class MutatedFramePropertyTest {
  private static final Map<CipherSuite, byte[]> FRAMES = new EnumMap<>(CipherSuite.class);

  static {
    for (CipherSuite suite : CipherSuite.values()) {
      MediaFrameCodec sender = MediaFrameCodecTest.member(suite, 0, MediaFrameCodecTest.baseKey(suite));
      FRAMES.put(suite, sender.protect(
          new MediaFrameHeader(Track.CAMERA_VIDEO, true, 1, 1, 77), new byte[40]));
    }
  }

  /** One edit: kind 0 flip, 1 overwrite, 2 truncate, 3 insert, 4 delete, 5 append. */
  record Mutation(int kind, int position, byte value) {}

  /** Fixed seed, so a failure is reproducible; the failing try is named. */
  private static final long SEED = 0x5f7a_3e11L;

  @Test
  void mutatedFramesNeverDecrypt() {
    SplittableRandom random = new SplittableRandom(SEED);
    CipherSuite[] suites = CipherSuite.values();
    int checked = 0;
    for (int tryIndex = 0; tryIndex < 1000; tryIndex++) {
      CipherSuite suite = suites[random.nextInt(suites.length)];
      byte[] original = FRAMES.get(suite);
      byte[] mutated = original;
      int edits = 1 + random.nextInt(4);
      for (int i = 0; i < edits; i++) {
        mutated = apply(mutated, new Mutation(random.nextInt(6), random.nextInt(201), (byte) random.nextInt(256)));
      }
      if (Arrays.equals(mutated, original)) {
        continue; // e.g. an overwrite with the same byte: not a mutation
      }
      MediaFrameCodec receiver =
          MediaFrameCodecTest.member(suite, 1, MediaFrameCodecTest.baseKey(suite));
      byte[] input = mutated;
      Throwable thrown = catchThrowable(() -> receiver.unprotect(input));
      assertThat(thrown).as("try %d (seed %d), suite %s", tryIndex, SEED, suite)
          .isInstanceOf(SFrameException.class);
      checked++;
    }
    assertThat(checked).isGreaterThan(900);
  }

  private static byte[] apply(byte[] frame, Mutation m) {
    int at = frame.length == 0 ? 0 : m.position() % frame.length;
    switch (m.kind()) {
      case 0 -> {
        if (frame.length == 0) {
          return frame;
        }
        byte[] copy = frame.clone();
        copy[at] ^= (byte) (m.value() == 0 ? 1 : m.value());
        return copy;
      }
      case 1 -> {
        if (frame.length == 0) {
          return frame;
        }
        byte[] copy = frame.clone();
        copy[at] = m.value();
        return copy;
      }
      case 2 -> {
        return Arrays.copyOf(frame, at);
      }
      case 3 -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(frame, 0, at);
        out.write(m.value());
        out.write(frame, at, frame.length - at);
        return out.toByteArray();
      }
      case 4 -> {
        if (frame.length == 0) {
          return frame;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(frame, 0, at);
        out.write(frame, at + 1, frame.length - at - 1);
        return out.toByteArray();
      }
      default -> {
        byte[] longer = Arrays.copyOf(frame, frame.length + 1 + m.position() % 8);
        Arrays.fill(longer, frame.length, longer.length, m.value());
        return longer;
      }
    }
  }
}
