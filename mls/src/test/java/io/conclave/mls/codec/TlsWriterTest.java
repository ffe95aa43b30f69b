package io.conclave.mls.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Encodings produced by {@link TlsWriter} (RFC 9420 §2.1). */
class TlsWriterTest {

  private static String hex(TlsWriter w) {
    return HexFormat.of().formatHex(w.toByteArray());
  }

  @Test
  void varintUsesTheMinimalLength() {
    assertThat(hex(new TlsWriter().writeVarint(63))).isEqualTo("3f");
    assertThat(hex(new TlsWriter().writeVarint(64))).isEqualTo("4040");
    assertThat(hex(new TlsWriter().writeVarint(16383))).isEqualTo("7fff");
    assertThat(hex(new TlsWriter().writeVarint(16384))).isEqualTo("80004000");
  }

  @Test
  void varintOutOfRangeIsAProgrammingError() {
    assertThatThrownBy(() -> new TlsWriter().writeVarint(1 << 30)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TlsWriter().writeVarint(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fixedWidthIntegersRejectValuesThatDoNotFit() {
    assertThatThrownBy(() -> new TlsWriter().writeUint8(256)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TlsWriter().writeUint16(65536)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TlsWriter().writeUint32(1L << 32)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void vectorPrefixGrowsWhenTheBodyCrossesAVarintBoundary() {
    byte[] body = new byte[64];
    byte[] encoded = new TlsWriter().writeVector(w -> w.writeFixed(body)).toByteArray();
    assertThat(encoded).hasSize(66);
    assertThat(TlsReader.<byte[]>decodeFully(encoded, TlsReader::readOpaque)).isEqualTo(body);
  }

  @Test
  void nestedVectorsRoundTrip() {
    List<List<Integer>> lists = List.of(List.of(1, 2), List.of(), List.of(300));
    TlsWriter w = new TlsWriter().writeList(lists, (out, l) -> out.writeList(l, TlsWriter::writeUint16));
    assertThat(hex(w)).isEqualTo("09" + "0400010002" + "00" + "02012c");
    assertThat(TlsReader.<List<List<Integer>>>decodeFully(w.toByteArray(), r -> r.readList(x -> x.readList(TlsReader::readUint16))))
        .isEqualTo(lists);
  }

  @Test
  void optionalWritesAPresenceByte() {
    TlsEncodable seven = out -> out.writeUint8(7);
    assertThat(hex(new TlsWriter().writeOptional(Optional.of(seven)))).isEqualTo("0107");
    assertThat(hex(new TlsWriter().writeOptional(Optional.<TlsEncodable>empty()))).isEqualTo("00");
  }
}
