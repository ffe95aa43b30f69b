package io.conclave.mls.codec;

/** A value with a TLS presentation-language encoding (RFC 9420 §2.1). */
public interface TlsEncodable {

  void encode(TlsWriter writer);

  /** The value's encoding as a new array. */
  default byte[] toBytes() {
    TlsWriter writer = new TlsWriter();
    encode(writer);
    return writer.toByteArray();
  }
}
