package io.conclave.mls.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.crypto.HpkeCiphertext;
import io.conclave.mls.messages.UpdatePathNode;
import io.conclave.mls.tree.ParentNode;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Content-based record methods of {@link WireValues}. */
class WireValuesTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @Test
  void byteArraysCompareByContent() {
    ParentNode a = new ParentNode(hex("0102"), hex("03"), List.of(1L, 4L));
    ParentNode b = new ParentNode(hex("0102"), hex("03"), List.of(1L, 4L));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new ParentNode(hex("0102"), hex("04"), List.of(1L, 4L)));
    assertThat(a).isNotEqualTo(new ParentNode(hex("0102"), hex("03"), List.of(1L)));
  }

  @Test
  void nestedForeignRecordsCompareByContent() {
    UpdatePathNode a = new UpdatePathNode(hex("aa"), List.of(new HpkeCiphertext(hex("01"), hex("02"))));
    UpdatePathNode b = new UpdatePathNode(hex("aa"), List.of(new HpkeCiphertext(hex("01"), hex("02"))));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new UpdatePathNode(hex("aa"), List.of(new HpkeCiphertext(hex("01"), hex("03")))));
  }

  @Test
  void toStringShowsLengthAndPrefixOnly() {
    byte[] key = new byte[1000];
    key[0] = (byte) 0xab;
    String s = new ParentNode(key, hex(""), List.of()).toString();
    assertThat(s).isEqualTo("ParentNode[encryptionKey=<1000 bytes ab000000…>, parentHash=<0 bytes>, unmergedLeaves=[]]");
  }

  @Test
  void recordsKeepTheirOwnCopies() {
    byte[] key = hex("0102");
    ParentNode node = new ParentNode(key, hex("03"), List.of());
    key[0] = 0;
    node.encryptionKey()[1] = 0;
    assertThat(node.encryptionKey()).isEqualTo(hex("0102"));
  }
}
