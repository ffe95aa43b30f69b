package io.conclave.admission;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.extension.Extension;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The meeting's hosts: a GroupContext extension ({@link ConclaveExtensions#HOSTS}) naming the
 * signature keys whose owners may admit a joiner without an invite proof and must remove
 * unauthorised members. Being in the group context, every member sees the same list and can check
 * any commit against it (docs/PROTOCOL.md, "Admission").
 *
 * <pre>
 * struct { SignaturePublicKey host_keys&lt;V&gt;; } Hosts;   // SignaturePublicKey = opaque&lt;V&gt;
 * </pre>
 *
 * @param signatureKeys the hosts' leaf signature keys, at least one
 */
public record Hosts(List<byte[]> signatureKeys) {
  /** More would only bloat every GroupContext. */
  public static final int MAX_HOSTS = 64;

  public Hosts {
    signatureKeys = signatureKeys.stream().map(byte[]::clone).toList();
    if (signatureKeys.isEmpty() || signatureKeys.size() > MAX_HOSTS) {
      throw new IllegalArgumentException("a meeting has 1.." + MAX_HOSTS + " hosts");
    }
  }

  @Override
  public List<byte[]> signatureKeys() {
    return signatureKeys.stream().map(byte[]::clone).toList();
  }

  public boolean isHost(byte[] signatureKey) {
    return signatureKeys.stream().anyMatch(k -> MessageDigest.isEqual(k, signatureKey));
  }

  public Extension toExtension() {
    TlsWriter w = new TlsWriter();
    w.writeVector(v -> signatureKeys.forEach(v::writeOpaque));
    return new Extension(ConclaveExtensions.HOSTS, w.toByteArray());
  }

  /** The hosts named in {@code groupContextExtensions}, if the extension is present. */
  public static Optional<Hosts> from(List<Extension> groupContextExtensions) {
    return ConclaveExtensions.find(groupContextExtensions, ConclaveExtensions.HOSTS).map(Hosts::decode);
  }

  /** @throws DecodeException if malformed or out of bounds */
  static Hosts decode(Extension extension) {
    List<byte[]> keys = TlsReader.decodeFully(extension.data(), r -> r.readList(TlsReader::readOpaque));
    if (keys.isEmpty() || keys.size() > MAX_HOSTS) {
      throw new DecodeException("hosts extension with " + keys.size() + " keys");
    }
    return new Hosts(new ArrayList<>(keys));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hosts h && h.signatureKeys.size() == signatureKeys.size()
        && IntStream.range(0, signatureKeys.size())
            .allMatch(i -> MessageDigest.isEqual(h.signatureKeys.get(i), signatureKeys.get(i)));
  }

  @Override
  public int hashCode() {
    return signatureKeys.stream().mapToInt(Arrays::hashCode).sum();
  }

  @Override
  public String toString() {
    return "Hosts[" + signatureKeys.size() + "]";
  }
}
