package io.conclave.mls.crypto;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;

/**
 * {@code HPKECiphertext} (RFC 9420 §5.1.3 / §7.6): the KEM output and the AEAD ciphertext.
 */
public record HpkeCiphertext(byte[] kemOutput, byte[] ciphertext) implements TlsEncodable {

  @Override
  public void encode(TlsWriter writer) {
    writer.writeOpaque(kemOutput).writeOpaque(ciphertext);
  }

  public static HpkeCiphertext decode(TlsReader reader) {
    return new HpkeCiphertext(reader.readOpaque(), reader.readOpaque());
  }
}
