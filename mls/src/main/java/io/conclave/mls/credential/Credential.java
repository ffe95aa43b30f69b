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

    /**
     * The public key of the end-entity certificate (the first of the chain), as the bytes of its
     * {@code subjectPublicKey} BIT STRING: for Ed25519 and Ed448 the raw key, for ECDSA the
     * uncompressed point, i.e. what a leaf's {@code signature_key} holds for the same key. RFC 9420
     * §5.3: "The signature_key in the LeafNode MUST match the public key of the end-entity
     * certificate". The certificate is parsed with the JDK's {@code CertificateFactory}; nothing
     * else (validity, chain, name) is checked here — that is the application's
     * {@link io.conclave.mls.group.CredentialValidator}'s job.
     *
     * @throws IllegalArgumentException if the chain is empty or the certificate does not parse
     */
    public byte[] endEntityPublicKey() {
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("empty certificate chain");
      }
      java.security.cert.Certificate cert;
      try {
        cert = java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(new java.io.ByteArrayInputStream(certificates.getFirst().certData()));
      } catch (java.security.cert.CertificateException | RuntimeException e) {
        throw new IllegalArgumentException("the end-entity certificate does not parse: " + e.getMessage(), e);
      }
      byte[] spki = cert.getPublicKey().getEncoded();
      if (spki == null) {
        throw new IllegalArgumentException("the end-entity certificate's key has no encoding");
      }
      return subjectPublicKey(spki);
    }

    /** The BIT STRING of {@code SubjectPublicKeyInfo ::= SEQUENCE { algorithm, subjectPublicKey BIT STRING }}. */
    private static byte[] subjectPublicKey(byte[] spki) {
      int[] pos = {0};
      int seqEnd = derHeader(spki, pos, 0x30);
      int algEnd = derHeader(spki, pos, 0x30);
      pos[0] = algEnd;
      int bitsEnd = derHeader(spki, pos, 0x03);
      if (bitsEnd != seqEnd || pos[0] >= bitsEnd || spki[pos[0]] != 0) {
        throw new IllegalArgumentException("malformed SubjectPublicKeyInfo");
      }
      return java.util.Arrays.copyOfRange(spki, pos[0] + 1, bitsEnd);
    }

    /** Reads a DER tag and definite length at {@code pos[0]}; leaves {@code pos[0]} at the content, returns its end. */
    private static int derHeader(byte[] der, int[] pos, int tag) {
      int i = pos[0];
      if (i + 2 > der.length || (der[i] & 0xff) != tag) {
        throw new IllegalArgumentException("malformed SubjectPublicKeyInfo");
      }
      int length = der[i + 1] & 0xff;
      i += 2;
      if (length >= 0x80) {
        int n = length & 0x7f;
        if (n == 0 || n > 3 || i + n > der.length) {
          throw new IllegalArgumentException("malformed SubjectPublicKeyInfo");
        }
        length = 0;
        for (int k = 0; k < n; k++) {
          length = (length << 8) | (der[i++] & 0xff);
        }
      }
      if (i + length > der.length) {
        throw new IllegalArgumentException("malformed SubjectPublicKeyInfo");
      }
      pos[0] = i;
      return i + length;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint16(TYPE_X509).writeList(certificates);
    }
  }
}
