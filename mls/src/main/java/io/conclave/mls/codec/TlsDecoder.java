package io.conclave.mls.codec;

/** Reads one value of type {@code T} from a {@link TlsReader}. */
@FunctionalInterface
public interface TlsDecoder<T> {
  T decode(TlsReader reader);
}
