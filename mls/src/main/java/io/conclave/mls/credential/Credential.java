package io.conclave.mls.credential;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import java.util.List;

/**
 * {@code Credential} (RFC 9420 §5.3): binds an identity to a signature key. The encoding carries
 * the credential type first; types other than {@code basic} and {@code x509} have no defined body
 * and cannot be decoded, so they are rejected.
 */
public sealed interface Credential extends TlsEncodable {

  /** {@code CredentialType.basic} (§17.5). */
  int TYPE_BASIC = 1;
  /** {@code CredentialType.x509} (§17.5). */
  int TYPE_X509 = 2;

  /** The {@code CredentialType} code point. */
  int credentialType();

  static Credential decode(TlsReader reader) {
    int type = reader.readUint16();
    return switch (type) {
      case TYPE_BASIC -> new Basic(reader.readOpaque());
      case TYPE_X509 -> new X509(reader.readList(Certificate::decode));
      default -> throw new DecodeException("unknown credential type " + type);
    };
  }

  /** A {@code basic} credential: an application-defined identity, not authenticated by MLS. */
  record Basic(byte[] identity) implements Credential {
    public Basic {
      identity = identity.clone();
    }

    @Override
    public byte[] identity() {
      return identity.clone();
    }

    @Override
    public int credentialType() {
      return TYPE_BASIC;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint16(TYPE_BASIC).writeOpaque(identity);
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

  /** An {@code x509} credential: a certificate chain, the end-entity certificate first. */
  record X509(List<Certificate> certificates) implements Credential {
    public X509 {
      certificates = List.copyOf(certificates);
    }

    @Override
    public int credentialType() {
      return TYPE_X509;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint16(TYPE_X509).writeList(certificates);
    }
  }
}
