package io.conclave.mls.framing;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import java.util.Optional;

/**
 * {@code FramedContentAuthData} (RFC 9420 §6.1): the sender's signature and, for commits only,
 * the confirmation tag (§8.1). Whether the tag is present depends on the content type, so decoding
 * needs the type of the {@link FramedContent} it belongs to.
 */
public record FramedContentAuthData(byte[] signature, Optional<byte[]> confirmationTag)
    implements TlsEncodable {

  public FramedContentAuthData {
    signature = signature.clone();
    confirmationTag = confirmationTag.map(byte[]::clone);
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public Optional<byte[]> confirmationTag() {
    return confirmationTag.map(byte[]::clone);
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeOpaque(signature);
    confirmationTag.ifPresent(writer::writeOpaque);
  }

  /** Throws unless a confirmation tag is present exactly when {@code type} is {@code commit}. */
  void checkMatches(ContentType type) {
    if (confirmationTag.isPresent() != (type == ContentType.COMMIT)) {
      throw new IllegalArgumentException("a confirmation tag belongs to commits only, content is " + type);
    }
  }

  public static FramedContentAuthData decode(TlsReader reader, ContentType type) {
    byte[] signature = reader.readOpaque();
    Optional<byte[]> tag = type == ContentType.COMMIT ? Optional.of(reader.readOpaque()) : Optional.empty();
    return new FramedContentAuthData(signature, tag);
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
