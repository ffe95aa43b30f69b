package io.conclave.cli.media.opus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.cli.media.Fixtures;
import io.conclave.cli.media.MalformedMediaException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OggOpusReaderTest {
  @Test
  void readsTheFixture() throws Exception {
    try (OggOpusReader r = new OggOpusReader(Files.newInputStream(Fixtures.opus()), 1 << 16)) {
      assertThat(r.head()).isEqualTo(new OpusHead(1, 312, 48_000, 0));
      assertThat(r.tags().vendor()).isEqualTo("ffmpeg");
      assertThat(r.tags().comments()).containsExactly("encoder=Lavc libopus");
    }
    List<OpusPacket> packets = OggOpusReader.readAll(Fixtures.opus());
    assertThat(packets).hasSize(101);
    for (int i = 0; i < packets.size(); i++) {
      OpusPacket p = packets.get(i);
      assertThat(p.samples()).isEqualTo(960);
      assertThat(p.granuleStart()).isEqualTo(i * 960L);
      assertThat(p.timestampMicros()).isEqualTo(Math.floorDiv((i * 960L - 312) * 1_000_000L, 48_000));
      assertThat(OpusToc.stereo(p.data())).isFalse();
    }
  }

  @Test
  void tocDurations() {
    assertThat(OpusToc.samples(new byte[] {(byte) (31 << 3)})).isEqualTo(960);
    assertThat(OpusToc.samples(new byte[] {(byte) (16 << 3 | 1)})).isEqualTo(240);
    assertThat(OpusToc.samples(new byte[] {(byte) (3 << 3 | 2)})).isEqualTo(5760);
    assertThat(OpusToc.samples(new byte[] {(byte) (13 << 3 | 3), 6})).isEqualTo(5760);
    assertThatThrownBy(() -> OpusToc.samples(new byte[] {(byte) (13 << 3 | 3), 7}))
        .isInstanceOf(MalformedMediaException.class);
    assertThatThrownBy(() -> OpusToc.samples(new byte[] {3, 0}))
        .isInstanceOf(MalformedMediaException.class);
    assertThatThrownBy(() -> OpusToc.samples(new byte[] {3}))
        .isInstanceOf(MalformedMediaException.class);
    assertThatThrownBy(() -> OpusToc.samples(new byte[0]))
        .isInstanceOf(MalformedMediaException.class);
  }

  @Test
  void rejectsBadHeaders() {
    byte[] head = new OpusHead(2, 0, 0, 0).encode();
    head[8] = 0x10;
    assertThatThrownBy(() -> OpusHead.decode(head)).hasMessageContaining("major version");
    byte[] family = new OpusHead(2, 0, 0, 0).encode();
    family[18] = 1;
    assertThatThrownBy(() -> OpusHead.decode(family)).hasMessageContaining("family 1");
    assertThatThrownBy(() -> OpusHead.decode(Arrays.copyOf(family, 18)))
        .isInstanceOf(MalformedMediaException.class);
    byte[] tags = new OpusTags("v", List.of("a=b")).encode();
    assertThat(OpusTags.decode(tags)).isEqualTo(new OpusTags("v", List.of("a=b")));
    tags[13] = 0x7f;
    assertThatThrownBy(() -> OpusTags.decode(tags)).isInstanceOf(MalformedMediaException.class);
    byte[] count = new OpusTags("", List.of()).encode();
    count[15] = 0x7f;
    assertThatThrownBy(() -> OpusTags.decode(count)).hasMessageContaining("claims");
  }

  /** Seeded mutations of the fixture: each either reads or fails with the typed exception. */
  @Test
  void mutatedFilesFailOnlyWithTheTypedException() throws Exception {
    byte[] file = Files.readAllBytes(Fixtures.opus());
    Random random = new Random(0x0905L);
    for (int round = 0; round < 2000; round++) {
      byte[] m = file.clone();
      m[random.nextInt(Math.min(m.length, 300))] = (byte) random.nextInt(256);
      byte[] input = random.nextBoolean() ? m : Arrays.copyOf(m, random.nextInt(m.length));
      try {
        readAll(input);
      } catch (MalformedMediaException expected) {
        // the only failure a malformed file may cause
      }
    }
  }

  static List<OpusPacket> readAll(byte[] file) throws Exception {
    try (OggOpusReader r = new OggOpusReader(new ByteArrayInputStream(file), 1 << 16)) {
      List<OpusPacket> out = new ArrayList<>();
      for (OpusPacket p = r.next(); p != null; p = r.next()) {
        out.add(p);
      }
      return out;
    }
  }
}
