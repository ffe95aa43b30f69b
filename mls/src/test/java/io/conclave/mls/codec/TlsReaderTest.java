package io.conclave.mls.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.DecodeException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bounds and validity checks of {@link TlsReader} (RFC 9420 §2.1). */
class TlsReaderTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @ParameterizedTest
  @CsvSource({
      "00, 0", "3f, 63",
      "4040, 64", "7fff, 16383",
      "80004000, 16384", "bfffffff, 1073741823"})
  void varintBoundariesDecode(String encoding, int value) {
    assertThat(TlsReader.decodeFully(hex(encoding), TlsReader::readVarint)).isEqualTo(value);
    assertThat(new TlsWriter().writeVarint(value).toByteArray()).isEqualTo(hex(encoding));
  }

  @ParameterizedTest
  @ValueSource(strings = {"4000", "403f", "80000000", "80003fff"})
  void nonMinimalVarintIsRejected(String encoding) {
    assertThatThrownBy(() -> TlsReader.decodeFully(hex(encoding), TlsReader::readVarint))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("non-minimal");
  }

  @ParameterizedTest
  @ValueSource(strings = {"c0", "c000000000000000", "ffffffffffffffff"})
  void varintPrefix11IsRejected(String encoding) {
    assertThatThrownBy(() -> new TlsReader(hex(encoding)).readVarint())
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("0b11");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "40", "8000", "800040"})
  void truncatedVarintIsRejected(String encoding) {
    assertThatThrownBy(() -> new TlsReader(hex(encoding)).readVarint())
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void truncatedFixedWidthIntegersAreRejected() {
    assertThatThrownBy(() -> new TlsReader(hex("01")).readUint16())
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new TlsReader(hex("010203")).readUint32())
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new TlsReader(hex("01020304050607")).readUint64())
        .isInstanceOf(DecodeException.class);
  }

  @Test
  void trailingBytesAreRejected() {
    assertThatThrownBy(() -> TlsReader.decodeFully(hex("02010203"), TlsReader::readOpaque))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("1 trailing");
    assertThat(TlsReader.<byte[]>decodeFully(hex("02abcd"), TlsReader::readOpaque)).isEqualTo(hex("abcd"));
  }

  @Test
  void vectorLongerThanTheRemainingInputIsRejected() {
    assertThatThrownBy(() -> new TlsReader(hex("05010203")).readOpaque())
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("truncated vector");
  }

  @Test
  void hugeClaimedLengthOnTinyInputFailsBeforeAllocating() {
    // 0xbfffffff claims 2^30-1 bytes; only the check against the remaining input stands in the way.
    byte[] input = hex("bfffffff00");
    TlsReader reader = new TlsReader(input, new DecodeLimits(Integer.MAX_VALUE, Integer.MAX_VALUE));
    assertThatThrownBy(reader::readOpaque).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new TlsReader(input).readList(TlsReader::readUint8))
        .isInstanceOf(DecodeException.class);
  }

  @Test
  void vectorBeyondTheLimitIsRejectedEvenWhenTheBytesArePresent() {
    byte[] input = hex("0401020304");
    DecodeLimits limits = new DecodeLimits(3, 100);
    assertThatThrownBy(() -> TlsReader.decodeFully(input, limits, TlsReader::readOpaque))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("exceeds the limit");
    assertThat(TlsReader.<byte[]>decodeFully(input, new DecodeLimits(4, 100), TlsReader::readOpaque))
        .isEqualTo(hex("01020304"));
  }

  @Test
  void listItemLimitIsEnforced() {
    byte[] fourItems = hex("0401020304");
    assertThatThrownBy(() -> TlsReader.decodeFully(fourItems, new DecodeLimits(100, 3),
        r -> r.readList(TlsReader::readUint8)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("3 elements");
    assertThat(TlsReader.<List<Integer>>decodeFully(fourItems, new DecodeLimits(100, 4), r -> r.readList(TlsReader::readUint8)))
        .containsExactly(1, 2, 3, 4);
  }

  @Test
  void listElementsMustFillTheVectorExactly() {
    // Three bytes cannot hold uint16 elements: the last element would run past the vector's end.
    assertThatThrownBy(() -> TlsReader.decodeFully(hex("03000100"), r -> r.readList(TlsReader::readUint16)))
        .isInstanceOf(DecodeException.class);
    assertThat(TlsReader.<List<Integer>>decodeFully(hex("0400010002"), r -> r.readList(TlsReader::readUint16)))
        .isEqualTo(List.of(1, 2));
  }

  @Test
  void optionalPresenceByteMustBeZeroOrOne() {
    assertThat(TlsReader.<Optional<Integer>>decodeFully(hex("00"), r -> r.readOptional(TlsReader::readUint8))).isEmpty();
    assertThat(TlsReader.<Optional<Integer>>decodeFully(hex("0107"), r -> r.readOptional(TlsReader::readUint8)))
        .isEqualTo(Optional.of(7));
    assertThatThrownBy(() -> TlsReader.decodeFully(hex("0207"), r -> r.readOptional(TlsReader::readUint8)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("boolean");
  }

  @Test
  void fixedSizedFieldNeedsAllItsBytes() {
    assertThatThrownBy(() -> new TlsReader(hex("010203")).readFixed(4))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new TlsReader(hex("03010203")).readOpaque(4, "key"))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("key must be 4 bytes");
  }

  @Test
  void uint32AsIntIsBounded() {
    assertThat(new TlsReader(hex("00000010")).readUint32AsInt(16, "index")).isEqualTo(16);
    assertThatThrownBy(() -> new TlsReader(hex("ffffffff")).readUint32AsInt(Integer.MAX_VALUE, "index"))
        .isInstanceOf(DecodeException.class);
  }

  @Test
  void uint64KeepsAllBits() {
    assertThat(new TlsReader(hex("ffffffffffffffff")).readUint64()).isEqualTo(-1L);
    assertThat(new TlsReader(hex("ffffffff")).readUint32()).isEqualTo(0xffffffffL);
  }
}
