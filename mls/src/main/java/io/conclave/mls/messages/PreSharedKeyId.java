package io.conclave.mls.messages;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import java.util.Objects;

/**
 * {@code PreSharedKeyID} (RFC 9420 §8.4): names a PSK, either an external one by its id or a
 * resumption PSK by group and epoch, plus a fresh nonce. Only the identifier: the key itself is
 * never part of this structure.
 */
public sealed interface PreSharedKeyId extends TlsEncodable {

  /** The {@code psk_nonce}, a fresh random value of the KDF's output length. */
  byte[] pskNonce();

  static PreSharedKeyId decode(TlsReader reader) {
    int type = reader.readUint8();
    return switch (type) {
      case External.TYPE -> new External(reader.readOpaque(), reader.readOpaque());
      case Resumption.TYPE -> new Resumption(ResumptionPskUsage.decode(reader), reader.readOpaque(),
          reader.readUint64(), reader.readOpaque());
      default -> throw new DecodeException("unknown PSK type " + type);
    };
  }

  /** {@code PSKType.external}: a PSK agreed out of band, named by {@code pskId}. */
  record External(byte[] pskId, byte[] pskNonce) implements PreSharedKeyId {
    static final int TYPE = 1;

    public External {
      pskId = pskId.clone();
      pskNonce = pskNonce.clone();
    }

    @Override
    public byte[] pskId() {
      return pskId.clone();
    }

    @Override
    public byte[] pskNonce() {
      return pskNonce.clone();
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint8(TYPE).writeOpaque(pskId).writeOpaque(pskNonce);
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

  /**
   * {@code PSKType.resumption}: the resumption secret of {@code pskGroupId} at {@code pskEpoch}
   * (uint64, unsigned).
   */
  record Resumption(ResumptionPskUsage usage, byte[] pskGroupId, long pskEpoch, byte[] pskNonce)
      implements PreSharedKeyId {
    static final int TYPE = 2;

    public Resumption {
      Objects.requireNonNull(usage, "usage");
      pskGroupId = pskGroupId.clone();
      pskNonce = pskNonce.clone();
    }

    @Override
    public byte[] pskGroupId() {
      return pskGroupId.clone();
    }

    @Override
    public byte[] pskNonce() {
      return pskNonce.clone();
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint8(TYPE);
      usage.encode(writer);
      writer.writeOpaque(pskGroupId).writeUint64(pskEpoch).writeOpaque(pskNonce);
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
}
