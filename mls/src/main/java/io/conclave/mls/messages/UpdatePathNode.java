package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import io.conclave.mls.crypto.HpkeCiphertext;
import java.util.List;

/**
 * {@code UpdatePathNode} (RFC 9420 §7.6): a parent node's new {@code HPKEPublicKey} and its path
 * secret, encrypted once per node of the copath child's resolution.
 */
public record UpdatePathNode(byte[] encryptionKey, List<HpkeCiphertext> encryptedPathSecret)
    implements TlsEncodable {

  public UpdatePathNode {
    encryptionKey = encryptionKey.clone();
    encryptedPathSecret = List.copyOf(encryptedPathSecret);
  }

  @Override
  public byte[] encryptionKey() {
    return encryptionKey.clone();
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeOpaque(encryptionKey).writeList(encryptedPathSecret);
  }

  public static UpdatePathNode decode(TlsReader reader) {
    return new UpdatePathNode(reader.readOpaque(), reader.readList(HpkeCiphertext::decode));
  }

  @Override
  public boolean equals(Object o) {
    return WireValues.equals(this, o);
  }

  @Override
  public int hashCode() {
    return WireValues.hashCode(this);
  }

  @Override
  public String toString() {
    return WireValues.toString(this);
  }
}
