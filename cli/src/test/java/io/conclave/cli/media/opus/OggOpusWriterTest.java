package io.conclave.cli.media.opus;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.cli.media.Fixtures;
import io.conclave.cli.media.ogg.OggPage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OggOpusWriterTest {
  @Test
  void fixturePacketsRoundTrip() throws Exception {
    List<OpusPacket> packets = OggOpusReader.readAll(Fixtures.opus());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OggOpusWriter w = new OggOpusWriter(out, 99, new OpusHead(1, 312, 48_000, 0), "test")) {
      for (OpusPacket p : packets) {
        w.write(p.data());
      }
    }
    byte[] file = out.toByteArray();
    List<OpusPacket> back = OggOpusReaderTest.readAll(file);
    assertThat(back).hasSize(packets.size());
    for (int i = 0; i < back.size(); i++) {
      assertThat(back.get(i).data()).isEqualTo(packets.get(i).data());
      assertThat(back.get(i).granuleStart()).isEqualTo(packets.get(i).granuleStart() + 312);
      assertThat(back.get(i).timestampMicros()).isEqualTo(packets.get(i).timestampMicros() + 6500);
    }
    List<OggPage> pages = pages(file);
    assertThat(pages).hasSize(2 + packets.size());
    assertThat(pages.getFirst().flags()).isEqualTo(OggPage.BOS);
    assertThat(pages.getFirst().granule()).isZero();
    assertThat(pages.get(1).granule()).isZero();
    assertThat(pages.getLast().flags()).isEqualTo(OggPage.EOS);
    assertThat(pages.getLast().granule()).isEqualTo(312 + 960L * packets.size());
    for (int i = 0; i < pages.size(); i++) {
      assertThat(pages.get(i).sequence()).isEqualTo(i);
      assertThat(pages.get(i).serial()).isEqualTo(99);
    }
  }

  @Test
  void aStreamWithoutAudioEndsWithAnEmptyPage() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new OggOpusWriter(out, 1, new OpusHead(2, 312, 48_000, 0), "test").close();
    assertThat(OggOpusReaderTest.readAll(out.toByteArray())).isEmpty();
    assertThat(pages(out.toByteArray()).getLast().flags()).isEqualTo(OggPage.EOS);
  }

  private static List<OggPage> pages(byte[] file) {
    ByteArrayInputStream in = new ByteArrayInputStream(file);
    List<OggPage> pages = new ArrayList<>();
    for (OggPage p = OggPage.read(in); p != null; p = OggPage.read(in)) {
      pages.add(p);
    }
    return pages;
  }
}
