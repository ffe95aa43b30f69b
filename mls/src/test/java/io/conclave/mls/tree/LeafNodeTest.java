package io.conclave.mls.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.credential.Credential;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link LeafNode}, {@link Node} and {@link RatchetTree} encodings (RFC 9420 §7.2, §12.4.3.3). */
class LeafNodeTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static LeafNode leaf(LeafNodeSource source) {
    return new LeafNode(hex("e1"), hex("51"), new Credential.Basic(hex("61")),
        new Capabilities(List.of(1), List.of(1), List.of(), List.of(), List.of(1)),
        source, List.of(), hex("5151"));
  }

  @Test
  void keyPackageLeafSignsEverythingButTheSignature() {
    LeafNode leaf = leaf(new LeafNodeSource.FromKeyPackage(new Lifetime(1, 2)));
    byte[] encoded = leaf.toBytes();
    assertThat(leaf.toBeSigned()).isEqualTo(Arrays.copyOf(encoded, encoded.length - 3));
    assertThatThrownBy(() -> leaf.toBeSigned(hex("00"), 0)).isInstanceOf(IllegalStateException.class);
    assertThat(TlsReader.decodeFully(encoded, LeafNode::decode)).isEqualTo(leaf);
  }

  @Test
  void updateAndCommitLeavesSignGroupIdAndLeafIndexToo() {
    for (LeafNodeSource source : List.of(new LeafNodeSource.FromUpdate(), new LeafNodeSource.FromCommit(hex("ab")))) {
      LeafNode leaf = leaf(source);
      byte[] encoded = leaf.toBytes();
      byte[] unsigned = Arrays.copyOf(encoded, encoded.length - 3);
      byte[] expected = new TlsWriter().writeFixed(unsigned).writeOpaque(hex("9999")).writeUint32(0xfffffffeL)
          .toByteArray();
      assertThat(leaf.toBeSigned(hex("9999"), 0xfffffffeL)).isEqualTo(expected);
      assertThatThrownBy(leaf::toBeSigned).isInstanceOf(IllegalStateException.class);
      assertThat(TlsReader.decodeFully(encoded, LeafNode::decode)).isEqualTo(leaf);
    }
  }

  @Test
  void unknownLeafNodeSourceAndNodeTypeAreRejected() {
    assertThatThrownBy(() -> TlsReader.decodeFully(hex("04"), LeafNodeSource::decode))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> TlsReader.decodeFully(hex("00"), LeafNodeSource::decode))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> TlsReader.decodeFully(hex("03"), Node::decode))
        .isInstanceOf(DecodeException.class);
  }

  @Test
  void ratchetTreeEncodesBlanksAsEmptyOptionals() {
    ParentNode parent = new ParentNode(hex("aa"), hex(""), List.of(2L));
    RatchetTree tree = new RatchetTree(List.of(
        Optional.of(new Node.Leaf(leaf(new LeafNodeSource.FromUpdate()))),
        Optional.of(new Node.Parent(parent)),
        Optional.empty()));
    byte[] encoded = tree.toBytes();
    assertThat(TlsReader.decodeFully(encoded, RatchetTree::decode)).isEqualTo(tree);
    String parentEncoding = "01" + "02" + "01aa" + "00" + "0400000002" + "00";
    assertThat(HexFormat.of().formatHex(encoded)).endsWith(parentEncoding);
  }
}
